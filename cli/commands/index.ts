/** Every CLI sub-command, in the order `--help` lists them. */
import type { Command } from '../usage.ts';
import { reviewCommand } from './review.ts';

export const COMMANDS: readonly Command[] = [reviewCommand];
