import { z } from 'zod';
import { LineColSchema } from '../config/span.ts';

export const RegionSchema = z.object({ start: LineColSchema, end: LineColSchema });
