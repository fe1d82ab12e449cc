/** Help for the flags every command that reads a contact CSV shares. */
export const INPUT_HELP = `Input and output:
  --results PATH          results CSV, one row per input row (default: <input>.results.csv beside the input;
                          required when reading standard input)
  --rejects PATH          also write the rows that did not end ok, with their original header and values,
                          ready to fix and feed back
  --summary-json PATH     write the final figures as JSON
  --delimiter C           , ; tab or | (default: detected from the header line)
  --encoding NAME         for files that are not UTF-8: latin1, windows-1252, utf-16le (a BOM is detected)
  --map field=Header      use column "Header" for field (repeatable); overrides the automatic matching
  --mapping-file FILE     a JSON object {"field": "Header", ...}; --map wins over it
  --default-country XX    read national phone numbers as country XX (ISO code, e.g. US, GB, DE)
  --dedupe first|last|off which row of a repeated crm_id is kept (default: first)
  --workers N             threads that validate rows (default for validate: one per core, up to 4, for a
                          file over 2 MB; import and export validate on the main thread; 0 = main thread)
  --wait-lock             when another run is writing the same results file, wait for it to finish
                          (default: stop with exit 2, naming it)
  -q, --quiet             no progress or notices; the final summary is still printed
  -h, --help              this help
`;
