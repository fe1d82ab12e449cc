import { describe, expect, it } from 'vitest';
import { checkRecord, describeIssues } from '../../src/contacts/check-record.js';
import { mapHeader } from '../../src/contacts/header-map.js';
import { outcome } from './helpers.js';

/** contact_id goes into the request's path: "." and ".." would change the path itself, so such a row is invalid. */

describe('contact_id', () => {
  it.each([
    ['"."', '.', 'contact_id ID_INVALID: ".": . and .. cannot be contact ids: they would change the request\'s path'],
    ['".."', '..', 'contact_id ID_INVALID: "..": . and .. cannot be contact ids: they would change the request\'s path'],
    ['".." with spaces around', '  ..  ', 'contact_id ID_INVALID: "..": . and .. cannot be contact ids: they would change the request\'s path'],
    ['an ordinary id', 'c_123', 'c_123'],
    ['three dots (not a path step)', '...', '...'],
    ['a leading dot', '.c1', '.c1'],
    ['dots around', '..c1..', '..c1..'],
    ['an empty cell: absent, not invalid', '', undefined],
    ['a blank cell: absent, not invalid', '   ', undefined],
  ])('%s', (_name, value, expected) => {
    expect(outcome('contact_id', value)).toEqual(expected);
  });

  it('the results message names the column as the file spells it', () => {
    const header = ['CRM ID', 'Phone Number', 'Opt-In Date', 'Contact_ID'];
    const mapping = mapHeader(header);
    const checked = checkRecord({ row: 1, line: 2, fields: ['c1', '+14155552671', '2024-01-15', '..'] }, mapping, header.length, {});
    expect(describeIssues(checked.issues, mapping)).toEqual({
      code: 'ID_INVALID',
      message: 'column "Contact_ID": "..": . and .. cannot be contact ids: they would change the request\'s path',
    });
  });
});
