// What each kind of file's reader does: take one record at a time (giving back a row as soon as it
// is known) and, once the file is read, run the checks that need all of it.
import type { Lined } from "./problems";
import type { CsvRecord } from "./read-csv";

export interface RowReader<T> {
  read(record: CsvRecord): Lined<T> | null;
  /** Checks that need the whole file; rows that only the whole file completes (parents). */
  finish(): Lined<T>[];
}
