using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conciliazione.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Vouchers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "recovered",
                table: "recoveries",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "iban",
                table: "providers",
                type: "character varying(34)",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "iban_holder",
                table: "providers",
                type: "character varying(70)",
                maxLength: 70,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "payments",
                table: "alliances",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "payout_batches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    message_id = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    format = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    requested_execution_date = table.Column<DateOnly>(type: "date", nullable: false),
                    total = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    transfer_count = table.Column<int>(type: "integer", nullable: false),
                    gross = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    netted = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    file = table.Column<byte[]>(type: "bytea", nullable: false),
                    file_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    csv = table.Column<byte[]>(type: "bytea", nullable: false),
                    csv_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    produced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    produced_by = table.Column<Guid>(type: "uuid", nullable: false),
                    value_date = table.Column<DateOnly>(type: "date", nullable: true),
                    paid_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    paid_recorded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payout_batches", x => x.id);
                    table.CheckConstraint("ck_payout_batches_amounts", "total >= 0 AND gross > 0 AND netted >= 0 AND total = gross - netted AND transfer_count >= 0");
                    table.CheckConstraint("ck_payout_batches_paid", "(status = 'Paid') = (value_date IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_payout_batches_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "vouchers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    grant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    cap = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    service_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: true),
                    provider_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: false),
                    receipts_until = table.Column<DateOnly>(type: "date", nullable: false),
                    payee = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    claimed = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    paid = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    payee_iban = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: true),
                    payee_holder = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: true),
                    payee_declared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vouchers", x => x.id);
                    table.CheckConstraint("ck_vouchers_amounts", "cap > 0 AND claimed >= 0 AND claimed <= cap AND paid >= 0 AND paid <= claimed");
                    table.CheckConstraint("ck_vouchers_revoked", "(status = 'Revoked') = (revoked_at IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_vouchers_alliances_alliance_id",
                        column: x => x.alliance_id,
                        principalTable: "alliances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_vouchers_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_vouchers_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_vouchers_grants_grant_id",
                        column: x => x.grant_id,
                        principalTable: "grants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payout_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    voucher_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    protocol_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    payee_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    payee_name = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: false),
                    payee_iban = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    gross = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    netted = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    eligible = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    period_from = table.Column<DateOnly>(type: "date", nullable: false),
                    period_to = table.Column<DateOnly>(type: "date", nullable: false),
                    end_to_end_id = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    remittance = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    recovery_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payout_lines", x => x.id);
                    table.CheckConstraint("ck_payout_lines_amounts", "gross > 0 AND netted >= 0 AND netted <= gross AND amount = gross - netted");
                    table.ForeignKey(
                        name: "fk_payout_lines_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payout_lines_payout_batches_batch_id",
                        column: x => x.batch_id,
                        principalTable: "payout_batches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payout_lines_recoveries_recovery_id",
                        column: x => x.recovery_id,
                        principalTable: "recoveries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payout_lines_vouchers_voucher_id",
                        column: x => x.voucher_id,
                        principalTable: "vouchers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "receipts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alliance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    voucher_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    period_from = table.Column<DateOnly>(type: "date", nullable: false),
                    period_to = table.Column<DateOnly>(type: "date", nullable: false),
                    parent_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    child_fiscal_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: true),
                    provider_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    provider_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    eligible_amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_by = table.Column<Guid>(type: "uuid", nullable: false),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reviewed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    corrects_id = table.Column<Guid>(type: "uuid", nullable: true),
                    payout_line_id = table.Column<Guid>(type: "uuid", nullable: true),
                    document_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_receipts", x => x.id);
                    table.CheckConstraint("ck_receipts_amount", "amount > 0 AND (eligible_amount IS NULL OR (eligible_amount > 0 AND eligible_amount <= amount))");
                    table.CheckConstraint("ck_receipts_counted", "payout_line_id IS NULL OR status = 'Validated'");
                    table.CheckConstraint("ck_receipts_period", "period_from <= period_to");
                    table.CheckConstraint("ck_receipts_validated", "(status = 'Validated') = (eligible_amount IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_receipts_payout_lines_payout_line_id",
                        column: x => x.payout_line_id,
                        principalTable: "payout_lines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_receipts_receipts_corrects_id",
                        column: x => x.corrects_id,
                        principalTable: "receipts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_receipts_vouchers_voucher_id",
                        column: x => x.voucher_id,
                        principalTable: "vouchers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "receipt_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    receipt_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_receipt_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_receipt_files_receipts_receipt_id",
                        column: x => x.receipt_id,
                        principalTable: "receipts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_recoveries_recovered",
                table: "recoveries",
                sql: "recovered >= 0 AND recovered <= amount");

            migrationBuilder.CreateIndex(
                name: "ix_payout_batches_alliance_id_number",
                table: "payout_batches",
                columns: new[] { "alliance_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payout_batches_message_id",
                table: "payout_batches",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payout_lines_batch_id",
                table: "payout_lines",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_payout_lines_call_id",
                table: "payout_lines",
                column: "call_id");

            migrationBuilder.CreateIndex(
                name: "ix_payout_lines_end_to_end_id",
                table: "payout_lines",
                column: "end_to_end_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payout_lines_recovery_id",
                table: "payout_lines",
                column: "recovery_id");

            migrationBuilder.CreateIndex(
                name: "ix_payout_lines_voucher_id",
                table: "payout_lines",
                column: "voucher_id");

            migrationBuilder.CreateIndex(
                name: "ix_receipt_files_receipt_id_kind",
                table: "receipt_files",
                columns: new[] { "receipt_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_receipts_alliance_id_status_submitted_at",
                table: "receipts",
                columns: new[] { "alliance_id", "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_receipts_corrects_id",
                table: "receipts",
                column: "corrects_id");

            migrationBuilder.CreateIndex(
                name: "ix_receipts_payout_line_id",
                table: "receipts",
                column: "payout_line_id");

            migrationBuilder.CreateIndex(
                name: "ix_receipts_voucher_id_status",
                table: "receipts",
                columns: new[] { "voucher_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ux_receipts_same_file",
                table: "receipts",
                columns: new[] { "alliance_id", "document_sha256" },
                unique: true,
                filter: "status <> 'Rejected'");

            migrationBuilder.CreateIndex(
                name: "ux_receipts_same_number",
                table: "receipts",
                columns: new[] { "alliance_id", "provider_key", "number" },
                unique: true,
                filter: "status <> 'Rejected'");

            migrationBuilder.CreateIndex(
                name: "ix_vouchers_alliance_id",
                table: "vouchers",
                column: "alliance_id");

            migrationBuilder.CreateIndex(
                name: "ix_vouchers_application_id",
                table: "vouchers",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_vouchers_call_id_status",
                table: "vouchers",
                columns: new[] { "call_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_vouchers_code",
                table: "vouchers",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_vouchers_grant_id",
                table: "vouchers",
                column: "grant_id",
                unique: true);
        
            // A produced batch is immutable (issue 14): the bank file, the CSV, their hashes, the totals
            // and the lines never change; only the payment record (status, value date, who, when) is added once.
            migrationBuilder.Sql("""
                CREATE FUNCTION payout_batches_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        RAISE EXCEPTION 'payout batch % is immutable', OLD.number USING ERRCODE = 'check_violation';
                    END IF;
                    IF NEW.file IS DISTINCT FROM OLD.file OR NEW.file_sha256 IS DISTINCT FROM OLD.file_sha256
                       OR NEW.csv IS DISTINCT FROM OLD.csv OR NEW.csv_sha256 IS DISTINCT FROM OLD.csv_sha256
                       OR NEW.total IS DISTINCT FROM OLD.total OR NEW.gross IS DISTINCT FROM OLD.gross OR NEW.netted IS DISTINCT FROM OLD.netted
                       OR NEW.transfer_count IS DISTINCT FROM OLD.transfer_count OR NEW.number IS DISTINCT FROM OLD.number
                       OR NEW.message_id IS DISTINCT FROM OLD.message_id OR NEW.alliance_id IS DISTINCT FROM OLD.alliance_id
                       OR NEW.requested_execution_date IS DISTINCT FROM OLD.requested_execution_date
                       OR (OLD.status = 'Paid') THEN
                        RAISE EXCEPTION 'payout batch % is immutable', OLD.number USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER trg_payout_batches_immutable BEFORE UPDATE OR DELETE ON payout_batches
                    FOR EACH ROW EXECUTE FUNCTION payout_batches_immutable();

                CREATE FUNCTION payout_lines_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'payout lines are immutable' USING ERRCODE = 'check_violation';
                END $$;
                CREATE TRIGGER trg_payout_lines_immutable BEFORE UPDATE OR DELETE ON payout_lines
                    FOR EACH ROW EXECUTE FUNCTION payout_lines_immutable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_payout_lines_immutable ON payout_lines;
                DROP FUNCTION IF EXISTS payout_lines_immutable();
                DROP TRIGGER IF EXISTS trg_payout_batches_immutable ON payout_batches;
                DROP FUNCTION IF EXISTS payout_batches_immutable();
                """);

            migrationBuilder.DropTable(
                name: "receipt_files");

            migrationBuilder.DropTable(
                name: "receipts");

            migrationBuilder.DropTable(
                name: "payout_lines");

            migrationBuilder.DropTable(
                name: "payout_batches");

            migrationBuilder.DropTable(
                name: "vouchers");

            migrationBuilder.DropCheckConstraint(
                name: "ck_recoveries_recovered",
                table: "recoveries");

            migrationBuilder.DropColumn(
                name: "recovered",
                table: "recoveries");

            migrationBuilder.DropColumn(
                name: "iban",
                table: "providers");

            migrationBuilder.DropColumn(
                name: "iban_holder",
                table: "providers");

            migrationBuilder.DropColumn(
                name: "payments",
                table: "alliances");
        }
    }
}
