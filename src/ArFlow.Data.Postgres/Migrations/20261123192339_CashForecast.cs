using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CashForecast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cash_budgets",
                columns: table => new
                {
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cash_budgets", x => x.month);
                });

            migrationBuilder.CreateTable(
                name: "forecast_snapshots",
                columns: table => new
                {
                    made_on = table.Column<DateOnly>(type: "date", nullable: false),
                    week_start = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_forecast_snapshots", x => new { x.made_on, x.week_start });
                });

            migrationBuilder.CreateTable(
                name: "invoice_forecasts",
                columns: table => new
                {
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    late_per_mille = table.Column<int>(type: "integer", nullable: false),
                    expected_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_forecasts", x => x.item_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cash_budgets");

            migrationBuilder.DropTable(
                name: "forecast_snapshots");

            migrationBuilder.DropTable(
                name: "invoice_forecasts");
        }
    }
}
