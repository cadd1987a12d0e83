import { describe, expect, it } from 'vitest';
import {
  parseChoicesConfig,
  parseLabelStudioCsv,
  parseLabelStudioJson,
  resolveImage,
} from '../../../src/core/annotations';
import { InputError } from '../../../src/core/types';
import { csvFrame, fixtureFiles, fixtureText, triples } from './helpers';

describe('Label Studio labelling config', () => {
  it('reads the <Choices> name and values (alias first)', () => {
    expect(parseChoicesConfig(fixtureText('text-config.xml'))).toEqual({
      name: 'sentiment',
      choices: ['ham', 'spam'],
    });
    expect(
      parseChoicesConfig(
        `<View><Choices name='q' toName='t'><Choice value="Yes &amp; no" alias="yn"/><Choice value="No"/></Choices></View>`,
      ),
    ).toEqual({ name: 'q', choices: ['yn', 'No'] });
    expect(parseChoicesConfig('<View><Image name="i" value="$image"/></View>')).toBeNull();
  });
});

describe('Label Studio JSON export', () => {
  it('loads tasks, their text and every annotator’s choice', () => {
    const out = parseLabelStudioJson(fixtureText('text-export.json'), 'text-export.json', {
      config: fixtureText('text-config.xml'),
    });
    expect(out.warnings).toEqual([]);
    expect(out.table.items).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(out.table.classes).toEqual(['ham', 'spam']);
    expect(out.table.annotators).toEqual(['1', '2', '3']);
    expect(out.table.item.length).toBe(17);
    expect(triples(out.table)).toContain('5/2/spam');
    expect(out.items[1]).toMatchObject({ id: '2', text: 'WIN a FREE cruise!!! click now', image: null });
  });

  it('finds exported images next to the export and says, one line each, which it could not use', () => {
    const out = parseLabelStudioJson(fixtureText('image-export.json'), 'image-export.json', {
      config: fixtureText('image-config.xml'),
      images: { exportFile: 'image-export.json', files: fixtureFiles() },
    });
    expect(out.items.map((i) => i.image)).toEqual([
      'images/8f2ad1c0-boot.png',
      'images/c0ffee00-sandal.png',
      'images/shirt.png',
      null,
      null,
      null,
      null,
    ]);
    // completed_by given as a user object: the email names the annotator.
    expect(out.table.annotators).toEqual(['ann@example.com', 'bob@example.com']);
    expect(out.table.item.length).toBe(14);
    expect(out.warnings).toEqual([
      'image-export.json: task 4: image 0badf00d-missing.png was not among the files given',
      'image-export.json: task 5: image https://example.com/cat.png is a URL; not fetched',
      'image-export.json: task 6: image /etc/passwd.png is an absolute path outside the folder given; skipped',
      'image-export.json: task 7: image ../../outside.png points outside the folder given; skipped',
    ]);
  });

  it('gives every bad shape one warning line and keeps going', () => {
    const out = parseLabelStudioJson(fixtureText('bad-shapes.json'), 'bad-shapes.json', {
      config: fixtureText('text-config.xml'),
      annotators: ['1', '2'],
    });
    expect(triples(out.table)).toEqual(['1/1/ham']);
    expect(out.warnings).toEqual([
      'bad-shapes.json: task 2, annotation 2: annotation with no result; skipped',
      'bad-shapes.json: task 3, annotation 3: unknown completed_by (null); skipped',
      'bad-shapes.json: task 4, annotation 4: label "eggs" is not one of the configured choices (ham, spam); skipped',
      'bad-shapes.json: task 5, annotation 5: 2 choices (ham, spam); one class per judgement expected; skipped',
      'bad-shapes.json: task 6, annotation 6: cancelled by its annotator; skipped',
      'bad-shapes.json: task 7, annotation 7: no "choices" result named "sentiment"; skipped',
      'bad-shapes.json: task at position 8 has no "data" object; skipped',
      'bad-shapes.json: task 9: "annotations" is not a list; skipped',
      'bad-shapes.json: task 10, annotation 10: unknown annotator "99"; skipped',
    ]);
    // Tasks without a usable judgement are still items (the data holds them).
    expect(out.table.items).toEqual(['1', '2', '3', '4', '5', '6', '7', '9', '10']);
  });

  it('stops with one line on what is not an export', () => {
    const err = (text: string, opts = {}) => {
      try {
        parseLabelStudioJson(text, 'x.json', opts);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).line;
      }
      throw new Error('no error');
    };
    expect(err('{"id": 1')).toMatch(/^x\.json: invalid JSON \(/);
    expect(err('{"id": 1}')).toBe('x.json: not a Label Studio JSON export: expected an array of tasks');
    expect(err('[]', { config: '<View/>' })).toBe(
      'x.json: the labelling config has no <Choices> with <Choice value="…"> tags',
    );
  });
});

describe('Label Studio CSV export', () => {
  it('loads the same judgements as the JSON export of the same project', async () => {
    const frame = await csvFrame(fixtureText('text-export.csv'), 'text-export.csv');
    const out = parseLabelStudioCsv(frame, 'text-export.csv', { config: fixtureText('text-config.xml') });
    expect(out.warnings).toEqual([]);
    expect(out.table.items).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(out.items[6]).toMatchObject({ id: '7', text: 'Unlabelled so far' });
    const json = parseLabelStudioJson(fixtureText('text-export.json'), 'text-export.json');
    const emails: Record<string, string> = {
      '1': 'ann@example.com',
      '2': 'bob@example.com',
      '3': 'cat@example.com',
    };
    const fromJson = triples(json.table).map((t) => {
      const [i, a, c] = t.split('/');
      return `${i}/${emails[a]}/${c}`;
    });
    expect(triples(out.table)).toEqual(fromJson.sort());
  });

  it('guesses the choice column without a config and reads {"choices": [...]} cells', async () => {
    const csv =
      'id,annotator,annotation_id,text,sentiment\n' +
      '1,ann,1,hello there,ham\n' +
      '1,bob,2,hello there,"{""choices"": [""ham"", ""spam""]}"\n' +
      '2,,3,buy now,spam\n' +
      '2,cat,4,buy now,\n' +
      '3,ann,5,dinner?,eggs\n';
    const out = parseLabelStudioCsv(await csvFrame(csv), 'ls.csv', { choices: ['ham', 'spam'] });
    expect(triples(out.table)).toEqual(['1/ann/ham']);
    expect(out.warnings).toEqual([
      'ls.csv: row 3: 2 choices (ham, spam); one class per judgement expected; skipped',
      'ls.csv: row 4: unknown annotator (the "annotator" cell is empty); skipped',
      'ls.csv: row 5: annotation with no result; skipped',
      'ls.csv: row 6 (task 3): label "eggs" is not one of the configured choices (ham, spam); skipped',
    ]);
  });

  it('stops with one line when the CSV is not a Label Studio export', async () => {
    const frame = await csvFrame('a,b\n1,2\n');
    expect(() => parseLabelStudioCsv(frame, 'f.csv')).toThrow(
      'not a Label Studio CSV export: expected columns "id" and "annotator"',
    );
  });
});

describe('image references', () => {
  const files = new Set(['export/tasks.json', 'export/images/a.png', 'export/b.png', 'other/c.png']);
  it('resolves inside the folder only', () => {
    expect(resolveImage('/data/upload/3/a.png', 'export/tasks.json', files)).toEqual({
      kind: 'found',
      path: 'export/images/a.png',
    });
    expect(resolveImage('b.png', 'export/tasks.json', files)).toEqual({
      kind: 'found',
      path: 'export/b.png',
    });
    expect(resolveImage('/data/local-files/?d=other%2Fc.png', 'export/tasks.json', files)).toEqual({
      kind: 'found',
      path: 'other/c.png',
    });
    expect(resolveImage('images/../b.png', 'export/tasks.json', files).kind).toBe('found');
    expect(resolveImage('images/../../other/c.png', 'export/tasks.json', files).kind).toBe('refused');
    expect(resolveImage('../../../c.png', 'export/tasks.json', files).kind).toBe('refused');
    expect(resolveImage('s3://bucket/a.png', 'export/tasks.json', files).kind).toBe('refused');
    expect(resolveImage('C:\\data\\a.png', 'export/tasks.json', files).kind).toBe('refused');
    expect(resolveImage('gone.png', 'export/tasks.json', files)).toEqual({
      kind: 'missing',
      path: 'gone.png',
    });
  });
});
