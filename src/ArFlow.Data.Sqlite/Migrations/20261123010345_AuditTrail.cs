using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "hash",
                table: "ledger_entries",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "approval_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    document_id = table.Column<long>(type: "INTEGER", nullable: true),
                    amount = table.Column<long>(type: "INTEGER", nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    before = table.Column<string>(type: "TEXT", nullable: false),
                    after = table.Column<string>(type: "TEXT", nullable: false),
                    required_approvers = table.Column<int>(type: "INTEGER", nullable: false),
                    required_roles = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    result_document_id = table.Column<long>(type: "INTEGER", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_requests_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_approval_requests_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    entity = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    before = table.Column<string>(type: "TEXT", nullable: true),
                    after = table.Column<string>(type: "TEXT", nullable: true),
                    previous_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    topic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    target = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    gave_up_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "approval_attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    sha256 = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_attachments_approval_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "approval_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "approval_decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    approve = table.Column<bool>(type: "INTEGER", nullable: false),
                    comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_decisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_decisions_approval_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "approval_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_approval_attachments_request_id",
                table: "approval_attachments",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ix_approval_decisions_request_id_by",
                table: "approval_decisions",
                columns: new[] { "request_id", "by" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests_customer_id",
                table: "approval_requests",
                column: "customer_id",
                filter: "customer_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests_document_id",
                table: "approval_requests",
                column: "document_id",
                filter: "document_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests_status_requested_at",
                table: "approval_requests",
                columns: new[] { "status", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_action_at",
                table: "audit_records",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_actor_at",
                table: "audit_records",
                columns: new[] { "actor", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_at",
                table: "audit_records",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_customer_id",
                table: "audit_records",
                column: "customer_id",
                filter: "customer_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_entity_entity_id",
                table: "audit_records",
                columns: new[] { "entity", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_next_attempt_at",
                table: "outbox",
                column: "next_attempt_at",
                filter: "delivered_at IS NULL AND gave_up_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_topic_created_at",
                table: "outbox",
                columns: new[] { "topic", "created_at" });

            // Append-only in the database too: what the chain would detect, the engine refuses first.
            // A ledger entry may be updated once, from unsealed to sealed, and never deleted.
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_records_append_only_update BEFORE UPDATE ON audit_records
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_records_append_only_delete BEFORE DELETE ON audit_records
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ledger_entries_append_only_update BEFORE UPDATE ON ledger_entries WHEN OLD.hash IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ledger_entries_append_only_delete BEFORE DELETE ON ledger_entries
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER audit_records_append_only_update;");
            migrationBuilder.Sql("DROP TRIGGER audit_records_append_only_delete;");
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_append_only_update;");
            migrationBuilder.Sql("DROP TRIGGER ledger_entries_append_only_delete;");

            migrationBuilder.DropTable(
                name: "approval_attachments");

            migrationBuilder.DropTable(
                name: "approval_decisions");

            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "approval_requests");

            migrationBuilder.DropColumn(
                name: "hash",
                table: "ledger_entries");
        }
    }
}
