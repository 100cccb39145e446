// The events the npm package eventsource-parser (with the WHATWG TextDecoder in front, as a
// browser decodes a stream) reads from each event stream given, cut in two at every position
// and fed one byte at a time: the oracle of the client's event parser
// (generator/src/emit/client/runtime/events_oracle.rs).
//
// Input (stdin): a JSON array of event streams, each base64. Output (stdout): for each stream,
// an array of readings (cut at 0, 1, ..., len, then byte by byte), each an array of events
// [type or null, id or null, data].
import {createParser} from 'eventsource-parser'

const input = JSON.parse(await new Response(process.stdin).text())

function read(pieces) {
  const events = []
  const parser = createParser({onEvent: (e) => events.push([e.event ?? null, e.id ?? null, e.data])})
  const decoder = new TextDecoder('utf-8')
  for (const piece of pieces) parser.feed(decoder.decode(piece, {stream: true}))
  return events
}

const out = input.map((base64) => {
  const bytes = Buffer.from(base64, 'base64')
  const readings = []
  for (let at = 0; at <= bytes.length; at++) {
    readings.push(read([bytes.subarray(0, at), bytes.subarray(at)]))
  }
  readings.push(read([...bytes].map((b) => Uint8Array.of(b))))
  return readings
})
process.stdout.write(JSON.stringify(out))
