using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CreditFile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_profiles",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    founded_on = table.Column<DateOnly>(type: "date", nullable: true),
                    registered_capital = table.Column<long>(type: "bigint", nullable: true),
                    industry = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_profiles", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_credit_profiles_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "credit_reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    provider = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    report_date = table.Column<DateOnly>(type: "date", nullable: false),
                    rating = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    score = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    lawsuits = table.Column<int>(type: "integer", nullable: false),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    content = table.Column<byte[]>(type: "bytea", nullable: true),
                    sha256 = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: true),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_reports", x => x.id);
                    table.ForeignKey(
                        name: "fk_credit_reports_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "financial_statements",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    total_assets = table.Column<long>(type: "bigint", nullable: false),
                    total_liabilities = table.Column<long>(type: "bigint", nullable: false),
                    current_assets = table.Column<long>(type: "bigint", nullable: false),
                    current_liabilities = table.Column<long>(type: "bigint", nullable: false),
                    revenue = table.Column<long>(type: "bigint", nullable: false),
                    net_profit = table.Column<long>(type: "bigint", nullable: false),
                    operating_cash_flow = table.Column<long>(type: "bigint", nullable: false),
                    inventory = table.Column<long>(type: "bigint", nullable: true),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_financial_statements", x => x.id);
                    table.ForeignKey(
                        name: "fk_financial_statements_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_reports_customer_id_report_date",
                table: "credit_reports",
                columns: new[] { "customer_id", "report_date" });

            migrationBuilder.CreateIndex(
                name: "ix_financial_statements_customer_id_year",
                table: "financial_statements",
                columns: new[] { "customer_id", "year" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_profiles");

            migrationBuilder.DropTable(
                name: "credit_reports");

            migrationBuilder.DropTable(
                name: "financial_statements");
        }
    }
}
