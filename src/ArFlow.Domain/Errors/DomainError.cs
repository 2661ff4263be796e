namespace ArFlow.Domain.Errors;

/// <summary>An expected business outcome that stops an operation. <see cref="Code"/> is stable
/// (clients and translations key on it); <see cref="Field"/> names the input at fault, when one is;
/// <see cref="Args"/> fill the placeholders of the localized message.</summary>
public sealed record DomainError(string Code, string? Field = null, params object[] Args)
{
    /// <summary>Errors that mean "the state changed under you" rather than "your input is wrong".</summary>
    public bool IsConflict => Code.StartsWith("conflict.", StringComparison.Ordinal) || Code.StartsWith("credit.check.", StringComparison.Ordinal)
        || Code is ErrorCodes.CreditRefused or ErrorCodes.AlertNotOpen or ErrorCodes.PromiseNotOpen or ErrorCodes.DisputeNotOpen or ErrorCodes.DisputeExceedsOpen or ErrorCodes.TaskNotOpen or ErrorCodes.InterestOff or ErrorCodes.PlanNotActive
        || Code is ErrorCodes.AllocationExceedsOpen or ErrorCodes.AllocationExceedsCredit or ErrorCodes.AlreadyReversed or ErrorCodes.DuplicateNumber
            or ErrorCodes.HasAllocations or ErrorCodes.DuplicateCustomer
            or ErrorCodes.ApprovalNotPending or ErrorCodes.CreditTermsNeedApproval or ErrorCodes.CreditHoldNeedsApproval or ErrorCodes.ApprovalAlreadyDecided or ErrorCodes.ApprovalStale;

    /// <summary>Errors that mean "not yours to do", whatever the input: the maker-checker rule.</summary>
    public bool IsForbidden => Code is ErrorCodes.ApprovalOwnRequest or ErrorCodes.ApprovalRoleMissing;

    public DomainError AtField(string field) => this with { Field = field };

    public override string ToString() => Field is null ? Code : $"{Field}: {Code}";
}

/// <summary>The stable codes. Each has a message in en-US and zh-CN in the app's resources.</summary>
public static class ErrorCodes
{
    public const string Required = "input.required";
    public const string InvalidDate = "input.invalid_date";
    public const string InvalidMonth = "input.invalid_month";
    public const string InvalidAmount = "input.invalid_amount";
    public const string AmountNotPositive = "input.amount_not_positive";
    public const string OutOfRange = "input.out_of_range";
    public const string NegativeNotAllowed = "input.negative";
    public const string PartExceedsWhole = "input.part_exceeds_whole";
    public const string BandsOverlap = "scorecard.bands_overlap";
    public const string Duplicate = "input.duplicate";
    public const string CreditRefused = "credit.refused";
    public const string AlertNotOpen = "alert.not_open";
    public const string UnknownAlert = "alert.unknown";
    public const string UnknownPromise = "promise.unknown";
    public const string PromiseNotOpen = "promise.not_open";
    public const string UnknownDispute = "dispute.unknown";
    public const string DisputeNotOpen = "dispute.not_open";
    public const string DisputeExceedsOpen = "dispute.exceeds_open";
    public const string TooManyDecimals = "input.too_many_decimals";
    public const string UnknownCurrency = "input.unknown_currency";
    public const string InvalidTerms = "input.invalid_terms";
    public const string InvalidEnum = "input.invalid_choice";
    public const string TooLong = "input.too_long";
    public const string InvalidFormat = "input.invalid_format";
    public const string DueBeforeIssue = "invoice.due_before_issue";
    public const string UnknownCustomer = "customer.unknown";
    public const string DuplicateCustomer = "customer.duplicate_code";
    public const string CustomerBlocked = "customer.blocked";
    public const string UnknownDocument = "document.unknown";
    public const string DuplicateNumber = "document.duplicate_number";
    public const string AlreadyReversed = "document.already_reversed";
    public const string HasAllocations = "document.has_allocations";
    public const string NotReversible = "document.not_reversible";
    public const string DateBeforeDocument = "document.date_before_original";
    public const string CurrencyMismatch = "allocation.currency_mismatch";
    public const string CustomerMismatch = "allocation.customer_mismatch";
    public const string AllocationExceedsOpen = "allocation.exceeds_open";
    public const string AllocationExceedsCredit = "allocation.exceeds_credit";
    public const string NotAllocatable = "allocation.wrong_document_kind";
    public const string MaturityRequired = "receipt.maturity_required";
    public const string PlanDoesNotSum = "plan.does_not_sum";
    public const string PlanEmpty = "plan.empty";
    public const string Conflict = "conflict.concurrent_change";
    public const string RateMissing = "rate.missing";
    public const string MissingColumn = "import.missing_column";
    public const string DuplicateInFile = "import.duplicate_in_file";
    public const string UnreadableFile = "import.unreadable_file";
    public const string IdempotencyKeyReused = "idempotency.key_reused";
    public const string UserExists = "user.exists";
    public const string UnknownUser = "user.unknown";
    public const string AdminExists = "user.admin_exists";
    public const string UsePostgresTools = "backup.use_postgres_tools";
    public const string FileExists = "backup.file_exists";
    public const string NotABackup = "backup.not_a_backup";
    public const string DatabaseNotEmpty = "backup.database_not_empty";
    public const string PasswordRejected = "user.password_rejected";
    public const string ApprovalNotPending = "approval.not_pending";
    public const string ApprovalOwnRequest = "approval.own_request";
    public const string ApprovalRoleMissing = "approval.role_missing";
    public const string ApprovalAlreadyDecided = "approval.already_decided";
    public const string ApprovalStale = "approval.stale";
    public const string UnknownApproval = "approval.unknown";
    public const string CreditTermsNeedApproval = "customer.credit_terms_need_approval";
    public const string CreditHoldNeedsApproval = "customer.credit_hold_needs_approval";
    public const string UnknownApiKey = "api_key.unknown";
    public const string ApiKeyExpiryPast = "api_key.expiry_past";
    public const string ApiKeyApproveForSelf = "api_key.approve_for_self";
    public const string UnknownWebhook = "webhook.unknown";
    public const string UnknownMessage = "outbox.unknown";
    public const string UnknownDunningAction = "dunning.unknown_action";
    public const string BankNoStatement = "bank.no_statement";
    public const string BankMissingField = "bank.missing_field";
    public const string BankBadField = "bank.bad_field";
    public const string BankUnknownLayout = "bank.unknown_layout";
    public const string BankUnbalanced = "bank.unbalanced";
    public const string UnknownBankLine = "bank.unknown_line";
    public const string BankLinePosted = "conflict.bank_line_posted";
    public const string UnknownStatement = "statement.unknown";
    public const string UnknownPortalLink = "portal.unknown_link";
    public const string StatementNoEmail = "statement.no_email";
    public const string PortalExpired = "portal.expired";
    public const string PortalRevoked = "portal.revoked";
    public const string StatementAlreadyConfirmed = "conflict.statement_confirmed";
    public const string StatementDisputed = "conflict.statement_disputed";
    public const string NotASignature = "portal.not_a_signature";
    public const string NotOnStatement = "portal.not_on_statement";
    public const string NotRetryable = "conflict.outbox_not_retryable";
    public const string InvalidUrl = "input.invalid_url";
    public const string NotAWeekend = "calendar.not_a_weekend";
    public const string StepsOutOfOrder = "dunning.steps_out_of_order";
    public const string UnknownPolicy = "dunning.unknown_policy";
    public const string InvalidTemplate = "dunning.invalid_template";
    public const string UnknownTask = "task.unknown";
    public const string TaskNotOpen = "task.not_open";
    public const string UnknownActivity = "activity.unknown";
    public const string UnknownReport = "credit.unknown_report";
    public const string UnknownScenario = "forecast.unknown_scenario";
    public const string InterestOff = "interest.off";
    public const string UnknownPlan = "plan.unknown";
    public const string PlanNotActive = "plan.not_active";
    public const string AlreadyInPlan = "plan.invoice_in_plan";
    public const string PlanCurrencies = "plan.mixed_currencies";
}

/// <summary>Either a value or the errors that prevented it.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, IReadOnlyList<DomainError> errors) => (Value, Errors) = (value, errors);

    public T? Value { get; }
    public IReadOnlyList<DomainError> Errors { get; }
    public bool IsSuccess => Errors.Count == 0;

    public static Result<T> Ok(T value) => new(value, []);
    public static Result<T> Fail(params DomainError[] errors) => new(default, errors);
    public static Result<T> Fail(IReadOnlyList<DomainError> errors) => new(default, errors);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(DomainError error) => Fail(error);

    public T ValueOrThrow() => IsSuccess ? Value! : throw new InvalidOperationException(string.Join("; ", Errors));
}
