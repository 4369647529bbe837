// planer ships no types; this is the one function kaiku calls.
declare module 'planer' {
  const planer: { extractFrom(body: string, contentType: 'text/plain' | 'text/html', dom?: Document): string };
  export default planer;
}
