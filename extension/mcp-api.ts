/**
 * The slice of VS Code's MCP server-definition API (1.101+) this extension uses, declared here because the
 * project's @types/vscode is 1.100 (the extension still runs on 1.100, where it falls back to writing
 * .vscode/mcp.json). Shapes follow vscode.d.ts 1.101: `lm.registerMcpServerDefinitionProvider`,
 * `McpStdioServerDefinition`, `McpServerDefinitionProvider`.
 */
import * as vscode from 'vscode';

export interface McpStdioServerDefinition {
  readonly label: string;
  cwd?: vscode.Uri;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
}

export interface McpServerDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition[]>;
  resolveMcpServerDefinition?(server: McpStdioServerDefinition, token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition>;
}

interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
  McpStdioServerDefinition: new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => McpStdioServerDefinition;
}

/** The API when this VS Code has it (1.101+), else undefined. */
export function mcpApi(): McpApi | undefined {
  const v = vscode as unknown as { lm?: { registerMcpServerDefinitionProvider?: McpApi['registerMcpServerDefinitionProvider'] }; McpStdioServerDefinition?: McpApi['McpStdioServerDefinition'] };
  const register = v.lm?.registerMcpServerDefinitionProvider;
  const Ctor = v.McpStdioServerDefinition;
  if (typeof register !== 'function' || typeof Ctor !== 'function') return undefined;
  return { registerMcpServerDefinitionProvider: register.bind(v.lm), McpStdioServerDefinition: Ctor };
}
