using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CustomerStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "statement_id",
                table: "outbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "issued_statements",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    to = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    balances = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    pdf = table.Column<byte[]>(type: "BLOB", nullable: false),
                    pdf_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    issued_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    run_month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: true),
                    sent_to = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    replied_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issued_statements", x => x.id);
                    table.ForeignKey(
                        name: "fk_issued_statements_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "portal_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    statement_id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    revoked_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_portal_links_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_portal_links_issued_statements_statement_id",
                        column: x => x.statement_id,
                        principalTable: "issued_statements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "statement_replies",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    statement_id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    link_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    signer_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    signer_position = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    signature = table.Column<byte[]>(type: "BLOB", nullable: true),
                    dispute_id = table.Column<long>(type: "INTEGER", nullable: true),
                    comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    file_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    file = table.Column<byte[]>(type: "BLOB", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    user_agent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    seal = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statement_replies", x => x.id);
                    table.ForeignKey(
                        name: "fk_statement_replies_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_statement_replies_disputes_dispute_id",
                        column: x => x.dispute_id,
                        principalTable: "disputes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_statement_replies_issued_statements_statement_id",
                        column: x => x.statement_id,
                        principalTable: "issued_statements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_statement_replies_portal_links_link_id",
                        column: x => x.link_id,
                        principalTable: "portal_links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_statement_id",
                table: "outbox",
                column: "statement_id",
                filter: "statement_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_issued_statements_customer_id_run_month",
                table: "issued_statements",
                columns: new[] { "customer_id", "run_month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_issued_statements_number",
                table: "issued_statements",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_issued_statements_status_to",
                table: "issued_statements",
                columns: new[] { "status", "to" });

            migrationBuilder.CreateIndex(
                name: "ix_portal_links_customer_id",
                table: "portal_links",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_portal_links_statement_id",
                table: "portal_links",
                column: "statement_id");

            migrationBuilder.CreateIndex(
                name: "ix_statement_replies_customer_id",
                table: "statement_replies",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_statement_replies_dispute_id",
                table: "statement_replies",
                column: "dispute_id");

            migrationBuilder.CreateIndex(
                name: "ix_statement_replies_link_id",
                table: "statement_replies",
                column: "link_id");

            migrationBuilder.CreateIndex(
                name: "ix_statement_replies_statement_id",
                table: "statement_replies",
                column: "statement_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "statement_replies");

            migrationBuilder.DropTable(
                name: "portal_links");

            migrationBuilder.DropTable(
                name: "issued_statements");

            migrationBuilder.DropIndex(
                name: "ix_outbox_statement_id",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "statement_id",
                table: "outbox");
        }
    }
}
