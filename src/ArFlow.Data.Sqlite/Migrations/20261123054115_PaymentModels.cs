using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PaymentModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_models",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    trained_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    late_days = table.Column<int>(type: "INTEGER", nullable: false),
                    trained_on = table.Column<int>(type: "INTEGER", nullable: false),
                    book_late_share = table.Column<double>(type: "REAL", nullable: false),
                    book_average_days_late = table.Column<double>(type: "REAL", nullable: false),
                    report = table.Column<string>(type: "TEXT", nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_models", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_models");
        }
    }
}
