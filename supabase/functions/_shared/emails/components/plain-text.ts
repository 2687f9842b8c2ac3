/**
 * How the plain-text part treats our markup. react-email's converter reads layout tables as
 * inline runs, which glues "Booking reference" to its value; tables we mark as data are laid
 * out as aligned columns instead.
 */
export const DATA_TABLE_CLASS = 'data-table';

export const plainTextOptions = {
  selectors: [
    {
      selector: `table.${DATA_TABLE_CLASS}`,
      format: 'dataTable',
      options: { uppercaseHeaderCells: false, maxColumnWidth: 50, colSpacing: 3 },
    },
  ],
};
