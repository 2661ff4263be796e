using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class BankMatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bank_matches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    line_id = table.Column<long>(type: "bigint", nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: true),
                    allocations = table.Column<string>(type: "text", nullable: false),
                    unapplied = table.Column<long>(type: "bigint", nullable: false),
                    confidence_per_mille = table.Column<int>(type: "integer", nullable: false),
                    reasons = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    receipt_id = table.Column<long>(type: "bigint", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bank_matches", x => x.id);
                    table.ForeignKey(
                        name: "fk_bank_matches_bank_lines_line_id",
                        column: x => x.line_id,
                        principalTable: "bank_lines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bank_matches_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bank_payer_accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    account = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    linked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    linked_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bank_payer_accounts", x => x.id);
                    table.ForeignKey(
                        name: "fk_bank_payer_accounts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bank_matches_customer_id",
                table: "bank_matches",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_bank_matches_line_id",
                table: "bank_matches",
                column: "line_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bank_matches_status",
                table: "bank_matches",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_bank_payer_accounts_account",
                table: "bank_payer_accounts",
                column: "account",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bank_payer_accounts_customer_id",
                table: "bank_payer_accounts",
                column: "customer_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bank_matches");

            migrationBuilder.DropTable(
                name: "bank_payer_accounts");
        }
    }
}
