using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
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
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "credit_reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    reviewed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    inputs = table.Column<string>(type: "text", nullable: false),
                    score = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    score_grade = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    grade = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    credit_limit = table.Column<long>(type: "bigint", nullable: true),
                    terms = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    next_review = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    requested_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    approved_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    approval_id = table.Column<long>(type: "bigint", nullable: true)
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
                    key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
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
