using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DunningActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "bounced",
                table: "outbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "dunning_action_id",
                table: "outbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "dunning_policy",
                table: "customers",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pause_reason",
                table: "customers",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "paused_until",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "email_refusal",
                table: "customer_contacts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "email_refused_at",
                table: "customer_contacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dunning_actions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    run_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    policy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    step_offset = table.Column<int>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    target = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dunning_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_dunning_actions_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "collection_tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    dunning_action_id = table.Column<long>(type: "INTEGER", nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    assigned_to = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    closed_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_collection_tasks_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_collection_tasks_dunning_actions_dunning_action_id",
                        column: x => x.dunning_action_id,
                        principalTable: "dunning_actions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "dunning_action_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    action_id = table.Column<long>(type: "INTEGER", nullable: false),
                    item_id = table.Column<long>(type: "INTEGER", nullable: false),
                    step_offset = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dunning_action_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_dunning_action_items_documents_item_id",
                        column: x => x.item_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_dunning_action_items_dunning_actions_action_id",
                        column: x => x.action_id,
                        principalTable: "dunning_actions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_dunning_action_id",
                table: "outbox",
                column: "dunning_action_id",
                filter: "dunning_action_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_collection_tasks_customer_id",
                table: "collection_tasks",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_tasks_dunning_action_id",
                table: "collection_tasks",
                column: "dunning_action_id",
                filter: "dunning_action_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_collection_tasks_status_assigned_to_due_on",
                table: "collection_tasks",
                columns: new[] { "status", "assigned_to", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_dunning_action_items_action_id",
                table: "dunning_action_items",
                column: "action_id");

            migrationBuilder.CreateIndex(
                name: "ix_dunning_action_items_item_id_step_offset",
                table: "dunning_action_items",
                columns: new[] { "item_id", "step_offset" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_dunning_actions_customer_id_run_date",
                table: "dunning_actions",
                columns: new[] { "customer_id", "run_date" });

            migrationBuilder.CreateIndex(
                name: "ix_dunning_actions_run_date",
                table: "dunning_actions",
                column: "run_date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collection_tasks");

            migrationBuilder.DropTable(
                name: "dunning_action_items");

            migrationBuilder.DropTable(
                name: "dunning_actions");

            migrationBuilder.DropIndex(
                name: "ix_outbox_dunning_action_id",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "bounced",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "dunning_action_id",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "dunning_policy",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "pause_reason",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "paused_until",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "email_refusal",
                table: "customer_contacts");

            migrationBuilder.DropColumn(
                name: "email_refused_at",
                table: "customer_contacts");
        }
    }
}
