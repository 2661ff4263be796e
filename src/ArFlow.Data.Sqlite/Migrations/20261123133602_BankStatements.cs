using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BankStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bank_statements",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    statement_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    sequence = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    account = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    opening_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    opening = table.Column<long>(type: "INTEGER", nullable: true),
                    closing_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    closing = table.Column<long>(type: "INTEGER", nullable: true),
                    discrepancy = table.Column<long>(type: "INTEGER", nullable: true),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    file_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    added = table.Column<int>(type: "INTEGER", nullable: false),
                    duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    imported_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bank_statements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bank_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    statement_id = table.Column<long>(type: "INTEGER", nullable: false),
                    source_line = table.Column<int>(type: "INTEGER", nullable: false),
                    account = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    booking_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    value_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    details = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    counterparty_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    counterparty_account = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    end_to_end_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    bank_reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    type_code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    reversal = table.Column<bool>(type: "INTEGER", nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bank_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_bank_lines_bank_statements_statement_id",
                        column: x => x.statement_id,
                        principalTable: "bank_statements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bank_lines_account_booking_date",
                table: "bank_lines",
                columns: new[] { "account", "booking_date" });

            migrationBuilder.CreateIndex(
                name: "ix_bank_lines_fingerprint",
                table: "bank_lines",
                column: "fingerprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bank_lines_statement_id",
                table: "bank_lines",
                column: "statement_id");

            migrationBuilder.CreateIndex(
                name: "ix_bank_statements_account",
                table: "bank_statements",
                column: "account");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bank_lines");

            migrationBuilder.DropTable(
                name: "bank_statements");
        }
    }
}
