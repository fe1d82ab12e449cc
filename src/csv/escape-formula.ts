/**
 * Neutralises a cell a spreadsheet would run as a formula (CSV injection): a cell beginning with `=`, `@`, `+`,
 * `-`, tab or carriage return gets a leading `'`. Pure; which columns to escape is the writer's decision.
 */
export function escapeFormula(cell: string): string {
  switch (cell.charCodeAt(0)) {
    case 0x3d: // =
    case 0x40: // @
    case 0x2b: // +
    case 0x2d: // -
    case 0x09: // tab
    case 0x0d: // carriage return
      return `'${cell}`;
    default:
      return cell;
  }
}
