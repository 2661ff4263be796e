using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InvoicedPerItem : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "original_base",
                table: "open_items",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // What each existing item was posted for: its own posting's base amount.
            migrationBuilder.Sql("""
                UPDATE open_items SET original_base = COALESCE(
                  (SELECT ABS(MAX(e.base_amount)) FROM ledger_entries e WHERE e.item_id = open_items.item_id AND e.document_id = open_items.item_id), 0)
                """);

            migrationBuilder.CreateIndex(
                name: "ix_open_items_invoiced",
                table: "open_items",
                columns: new[] { "kind", "document_date", "customer_id", "original_base" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_maturity_date",
                table: "documents",
                column: "maturity_date",
                filter: "maturity_date IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_open_items_invoiced",
                table: "open_items");

            migrationBuilder.DropIndex(
                name: "ix_documents_maturity_date",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "original_base",
                table: "open_items");
        }
    }
}
