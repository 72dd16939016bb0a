/**
 * One part of the warehouse bench's sample, made in a process of its own so
 * that the parts are made side by side (generating and normalising ten million
 * customers is the slow step of the bench, and each chunk is independent):
 *   tsx bench/warehouse/generate-part.ts DIR CUSTOMERS PROFILES PART OF
 * writes DIR/customers.PART.csv, DIR/profiles.PART.csv and their key files,
 * and prints the two RecordFiles as one JSON line.
 */
import { join } from 'node:path';
import { RecordFileWriter } from '../../lib/warehouse/csv';
import { FEBRL_TABLE } from '../../lib/warehouse/febrl';
import { customerPerson, profilePerson } from '../../lib/warehouse/people';
import { sampleChunks, SAMPLE_CHUNK } from '../../lib/warehouse/sample';

const [dir, customers, profiles, part, of] = process.argv.slice(2);
const numbers = [customers, profiles, part, of].map(Number);
if (!dir || numbers.some((n) => !Number.isInteger(n) || n < 0)) {
  throw new Error(`usage: warehouse-generate.ts DIR CUSTOMERS PROFILES PART OF (got ${process.argv.slice(2).join(' ')})`);
}
const [c, p, k, n] = numbers as [number, number, number, number];
const customerFiles = new RecordFileWriter(join(dir, `customers.${k}`), FEBRL_TABLE);
const profileFiles = new RecordFileWriter(join(dir, `profiles.${k}`), FEBRL_TABLE);
for (const chunk of sampleChunks(c, p, SAMPLE_CHUNK, { part: k, of: n })) {
  for (const [i, customer] of chunk.customers.entries()) await customerFiles.add(customerPerson(customer), chunk.customerOffset + i);
  for (const [i, profile] of chunk.profiles.entries()) await profileFiles.add(profilePerson(profile), chunk.profileOffset + i);
}
process.stdout.write(`${JSON.stringify({ customers: await customerFiles.close(), profiles: await profileFiles.close() })}\n`);
