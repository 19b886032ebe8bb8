/** One `label: value` row of a doctor-style text panel. */
export type Row = {readonly label: string; readonly value: string};
