using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArFlow.Data.Postgres.Migrations
{
    /// <summary>credit_settings becomes settings: dunning policies and the holiday calendar are kept the same way (rows kept).</summary>
    public partial class SettingsTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameTable(name: "credit_settings", newName: "settings");
            migrationBuilder.Sql("ALTER TABLE settings RENAME CONSTRAINT pk_credit_settings TO pk_settings;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameTable(name: "settings", newName: "credit_settings");
            migrationBuilder.Sql("ALTER TABLE credit_settings RENAME CONSTRAINT pk_settings TO pk_credit_settings;");
        }
    }
}
