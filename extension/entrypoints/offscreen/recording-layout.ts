/** Where the recording draws its pictures (issue 15): the peer large, our camera small in a corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const recordingSize = { width: 960, height: 540 } as const;

/** `source` scaled to fit `into` whole (letterboxed), centred. */
export function fitInto(source: { width: number; height: number }, into: Box): Box {
  if (source.width <= 0 || source.height <= 0) return { ...into, width: 0, height: 0 };
  const scale = Math.min(into.width / source.width, into.height / source.height);
  const width = Math.round(source.width * scale);
  const height = Math.round(source.height * scale);
  return {
    x: into.x + Math.round((into.width - width) / 2),
    y: into.y + Math.round((into.height - height) / 2),
    width,
    height,
  };
}

/** The self view: a quarter of the width, bottom right, with a margin. */
export function selfViewBox(source: { width: number; height: number }): Box {
  const width = Math.round(recordingSize.width / 4);
  const height = source.width > 0 ? Math.round((width * source.height) / source.width) : 0;
  const margin = 16;
  return {
    x: recordingSize.width - width - margin,
    y: recordingSize.height - height - margin,
    width,
    height,
  };
}
