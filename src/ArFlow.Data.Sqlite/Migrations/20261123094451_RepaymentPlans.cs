using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RepaymentPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "repayment_plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    total = table.Column<long>(type: "INTEGER", nullable: false),
                    start_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ended_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_repayment_plans", x => x.id);
                    table.ForeignKey(
                        name: "fk_repayment_plans_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "repayment_installment",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_id = table.Column<long>(type: "INTEGER", nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    settled_on = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_repayment_installment", x => x.id);
                    table.ForeignKey(
                        name: "fk_repayment_installment_repayment_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "repayment_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "repayment_plan_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_id = table.Column<long>(type: "INTEGER", nullable: false),
                    item_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_repayment_plan_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_repayment_plan_items_documents_item_id",
                        column: x => x.item_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_repayment_plan_items_repayment_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "repayment_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_repayment_installment_plan_id",
                table: "repayment_installment",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_repayment_plan_items_item_id",
                table: "repayment_plan_items",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_repayment_plan_items_plan_id",
                table: "repayment_plan_items",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_repayment_plans_customer_id_status",
                table: "repayment_plans",
                columns: new[] { "customer_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "repayment_installment");

            migrationBuilder.DropTable(
                name: "repayment_plan_items");

            migrationBuilder.DropTable(
                name: "repayment_plans");
        }
    }
}
