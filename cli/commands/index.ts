/** Every CLI sub-command, in the order `--help` lists them. */
import type { Command } from '../usage.ts';
import { reviewCommand } from './review.ts';
import { mcpCommand } from './mcp.ts';
import { tuneCommand } from './tune.ts';
import { simulateCommand } from './simulate.ts';
import { costCommand } from './cost.ts';
import { metricsCommand } from './metrics.ts';
import { verifyCommand } from './verify.ts';
import { observeCommand } from './observe.ts';

export const COMMANDS: readonly Command[] = [reviewCommand, mcpCommand, tuneCommand, simulateCommand, costCommand, metricsCommand, verifyCommand, observeCommand];
