using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "monthly_report_id",
                table: "outbox",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "monthly_reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    pdf = table.Column<byte[]>(type: "bytea", nullable: false),
                    xlsx = table.Column<byte[]>(type: "bytea", nullable: false),
                    made_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    made_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monthly_reports", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_monthly_report_id",
                table: "outbox",
                column: "monthly_report_id");

            migrationBuilder.CreateIndex(
                name: "ix_monthly_reports_month_language",
                table: "monthly_reports",
                columns: new[] { "month", "language" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_outbox_monthly_reports_monthly_report_id",
                table: "outbox",
                column: "monthly_report_id",
                principalTable: "monthly_reports",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_outbox_monthly_reports_monthly_report_id",
                table: "outbox");

            migrationBuilder.DropTable(
                name: "monthly_reports");

            migrationBuilder.DropIndex(
                name: "ix_outbox_monthly_report_id",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "monthly_report_id",
                table: "outbox");
        }
    }
}
