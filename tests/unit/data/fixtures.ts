// Small in-memory fixtures built with the libraries' writers (Arrow, PNG, JPEG, zip).
import {
  Field,
  FixedSizeList,
  Float32,
  List,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray,
  Int32,
  Binary,
} from 'apache-arrow';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';

export function grayPng(width: number, height: number, value = 128): Uint8Array {
  return encodePng({
    width,
    height,
    data: new Uint8Array(width * height).fill(value),
    channels: 1,
    depth: 8,
  });
}

export function rgbJpeg(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([200, 100, 50, 255], i * 4);
  return new Uint8Array(jpeg.encode({ width, height, data }, 90).data);
}

/** id int32, label utf8, emb FixedSizeList<Float32>[3], tags List<Float32>, image binary. */
export function arrowTable(): Table {
  const ids = vectorFromArray([0, 1, 2, 3], new Int32());
  const labels = vectorFromArray(['cat', 'dog', null, 'cat'], new Utf8());
  const emb = vectorFromArray(
    [[1, 2, 3], [4, 5, 6], [7, 8, 9], null],
    new FixedSizeList(3, new Field('item', new Float32(), true)),
  );
  const tags = vectorFromArray([[1], [2, 3], [], [4]], new List(new Field('item', new Float32(), true)));
  const image = vectorFromArray(
    [grayPng(4, 4), grayPng(4, 4, 0), grayPng(4, 4, 255), grayPng(4, 4, 7)],
    new Binary(),
  );
  return new Table({ id: ids, label: labels, emb, tags, image });
}

export function arrowBytes(kind: 'file' | 'stream'): Uint8Array {
  return tableToIPC(arrowTable(), kind);
}
