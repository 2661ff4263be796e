using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CustomerForecasts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "customer_forecasts",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    late_per_mille = table.Column<int>(type: "integer", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_forecasts", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_customer_forecasts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_forecasts");
        }
    }
}
