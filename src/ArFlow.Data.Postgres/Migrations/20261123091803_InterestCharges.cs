using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InterestCharges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "interest_charges",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    charge_document_id = table.Column<long>(type: "bigint", nullable: false),
                    step_offset = table.Column<int>(type: "integer", nullable: true),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_interest_charges", x => x.id);
                    table.ForeignKey(
                        name: "fk_interest_charges_documents_charge_document_id",
                        column: x => x.charge_document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_interest_charges_documents_item_id",
                        column: x => x.item_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_interest_charges_charge_document_id",
                table: "interest_charges",
                column: "charge_document_id");

            migrationBuilder.CreateIndex(
                name: "ix_interest_charges_item_id",
                table: "interest_charges",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_interest_charges_item_id_step_offset",
                table: "interest_charges",
                columns: new[] { "item_id", "step_offset" },
                unique: true,
                filter: "step_offset IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "interest_charges");
        }
    }
}
