/**
 * Test helper: decodes proto3 JSON as a google.monitoring message with the protobuf types Google's clients ship
 * (the protos.json descriptors inside @google-cloud/monitoring and @google-cloud/monitoring-dashboards, loaded with
 * protobufjs), refusing what the API would refuse: unknown fields, two members of one oneof, wrong scalar types,
 * unknown enum values, malformed Durations. Then the message is built with proto3-json-serializer (the JSON mapping
 * google-gax uses), verified and round-tripped through the binary encoding.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import protobuf from 'protobufjs';

const req = createRequire(path.resolve('package.json'));
const serializer = req('proto3-json-serializer') as { fromProto3JSON(type: protobuf.Type, json: unknown): protobuf.Message | null };

function rootOf(pkg: string): protobuf.Root {
  const file = path.join(path.dirname(req.resolve(`${pkg}/package.json`)), 'build/protos/protos.json');
  const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(file, 'utf8')) as protobuf.INamespace);
  root.resolveAll();
  return root;
}

let roots: { alert: protobuf.Type; dashboard: protobuf.Type } | undefined;

export function monitoringTypes(): { alert: protobuf.Type; dashboard: protobuf.Type } {
  roots ??= {
    alert: rootOf('@google-cloud/monitoring').lookupType('google.monitoring.v3.AlertPolicy'),
    dashboard: rootOf('@google-cloud/monitoring-dashboards').lookupType('google.monitoring.dashboard.v1.Dashboard'),
  };
  return roots;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const INT = /^(u?int|s?fixed|sint)(32|64)$/;

function checkScalar(field: protobuf.Field, v: unknown, at: string): string[] {
  const t = field.type;
  if (field.resolvedType instanceof protobuf.Enum) {
    const values = field.resolvedType.values;
    return (typeof v === 'string' && v in values) || (typeof v === 'number' && Object.values(values).includes(v)) ? [] : [`${at}: ${JSON.stringify(v)} is not a ${field.resolvedType.name} value`];
  }
  if (field.resolvedType instanceof protobuf.Type) return checkMessage(field.resolvedType, v, at);
  if (t === 'string') return typeof v === 'string' ? [] : [`${at}: expected a string`];
  if (t === 'bool') return typeof v === 'boolean' ? [] : [`${at}: expected a boolean`];
  if (t === 'double' || t === 'float') return typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? [] : [`${at}: expected a number`];
  if (INT.test(t)) return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v)) ? [] : [`${at}: expected an integer`];
  if (t === 'bytes') return typeof v === 'string' ? [] : [`${at}: expected base64`];
  return [`${at}: unhandled type ${t}`];
}

/** Errors of `json` as proto3 JSON of `type` (empty = valid). */
export function checkMessage(type: protobuf.Type, json: unknown, at = type.name): string[] {
  switch (type.fullName) {
    case '.google.protobuf.Duration':
      return typeof json === 'string' && /^-?\d+(\.\d{1,9})?s$/.test(json) ? [] : [`${at}: a Duration is a string like "60s"`];
    case '.google.protobuf.Timestamp':
      return typeof json === 'string' && !Number.isNaN(Date.parse(json)) ? [] : [`${at}: a Timestamp is an RFC 3339 string`];
    case '.google.protobuf.BoolValue':
      return typeof json === 'boolean' ? [] : [`${at}: expected a boolean`];
    case '.google.protobuf.Int32Value': case '.google.protobuf.Int64Value': case '.google.protobuf.DoubleValue':
      return typeof json === 'number' ? [] : [`${at}: expected a number`];
    case '.google.protobuf.StringValue':
      return typeof json === 'string' ? [] : [`${at}: expected a string`];
    case '.google.protobuf.Struct': case '.google.protobuf.Value': case '.google.protobuf.ListValue':
      return [];
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return [`${at}: expected an object for ${type.name}`];
  const errors: string[] = [];
  const byJson = new Map(type.fieldsArray.map((f) => [camel(f.name), f]));
  for (const [key, v] of Object.entries(json)) {
    const field = type.fields[key] ?? byJson.get(key);
    if (!field) {
      errors.push(`${at}.${key}: unknown field of ${type.name}`);
      continue;
    }
    if (field.repeated) {
      if (!Array.isArray(v)) errors.push(`${at}.${key}: expected an array`);
      else v.forEach((x, i) => errors.push(...checkScalar(field, x, `${at}.${key}[${i}]`)));
    } else if (field instanceof protobuf.MapField) {
      if (v === null || typeof v !== 'object') errors.push(`${at}.${key}: expected a map`);
      else for (const [k, x] of Object.entries(v)) errors.push(...checkScalar(field, x, `${at}.${key}.${k}`));
    } else errors.push(...checkScalar(field, v, `${at}.${key}`));
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => (json as Record<string, unknown>)[f.name] !== undefined || (json as Record<string, unknown>)[camel(f.name)] !== undefined);
    if (set.length > 1) errors.push(`${at}: more than one of oneof ${oneof.name} (${set.map((f) => f.name).join(', ')})`);
  }
  return errors;
}

/** Decodes `json` as `type` or throws with every problem; returns the message after a binary round trip. */
export function decodeStrict(type: protobuf.Type, json: unknown): Record<string, unknown> {
  const errors = checkMessage(type, json);
  if (errors.length) throw new Error(`not a valid ${type.fullName}:\n${errors.join('\n')}`);
  const msg = serializer.fromProto3JSON(type, json);
  if (!msg) throw new Error(`${type.fullName}: proto3-json-serializer returned null`);
  const bad = type.verify(msg);
  if (bad) throw new Error(`${type.fullName}: ${bad}`);
  return type.toObject(type.decode(type.encode(msg).finish()), { enums: String, longs: Number, defaults: false }) as Record<string, unknown>;
}
