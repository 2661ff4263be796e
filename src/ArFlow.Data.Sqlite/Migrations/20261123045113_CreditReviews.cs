using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CreditReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "next_review_on",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "credit_reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reviewed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    inputs = table.Column<string>(type: "TEXT", nullable: false),
                    score = table.Column<decimal>(type: "TEXT", precision: 5, scale: 1, nullable: false),
                    score_grade = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    grade = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    credit_limit = table.Column<long>(type: "INTEGER", nullable: true),
                    terms = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    next_review = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    approved_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    approval_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_reviews", x => x.id);
                    table.ForeignKey(
                        name: "fk_credit_reviews_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "credit_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    json = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    changed_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_settings", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_reviews_customer_id_reviewed_on",
                table: "credit_reviews",
                columns: new[] { "customer_id", "reviewed_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_reviews");

            migrationBuilder.DropTable(
                name: "credit_settings");

            migrationBuilder.DropColumn(
                name: "next_review_on",
                table: "customers");
        }
    }
}
