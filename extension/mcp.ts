/**
 * Makes the bundled MCP server (dist/mcp-server.js) available to VS Code's agent mode for this workspace:
 * through `vscode.lm.registerMcpServerDefinitionProvider` where the API exists (VS Code 1.101+), else via the
 * command "Pool Tuner: Write .vscode/mcp.json". The server runs on the editor's own runtime
 * (`process.execPath`; in desktop VS Code that is Electron, hence ELECTRON_RUN_AS_NODE) with the workspace
 * folders as its roots.
 */
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Log } from './log.ts';
import { mcpApi, type McpServerDefinitionProvider, type McpStdioServerDefinition } from './mcp-api.ts';

/** Must equal `contributes.mcpServerDefinitionProviders[0].id` in package.json. */
export const MCP_PROVIDER_ID = 'poolTuner.mcpServer';
export const MCP_SERVER_LABEL = 'Pool Tuner';

export interface McpLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

/**
 * How to start the server for the given workspace folders: `--root` per folder, and the editor's metrics source
 * (`--metrics <snapshot>` or `live`) so agents see the same figures as the hovers.
 */
export function mcpLaunch(extensionPath: string, folders: readonly string[], metricsSpec?: string): McpLaunch {
  const server = path.join(extensionPath, 'dist', 'mcp-server.js');
  return {
    command: process.execPath,
    args: [server, ...folders.flatMap((f) => ['--root', f]), ...(metricsSpec ? ['--metrics', metricsSpec] : [])],
    env: { ELECTRON_RUN_AS_NODE: '1' },
    cwd: folders[0],
  };
}

function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

export class PoolTunerMcp implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** True when the provider was registered with VS Code (the API exists). */
  readonly registered: boolean;
  readonly provider: McpServerDefinitionProvider;

  constructor(
    private readonly extensionPath: string,
    private readonly version: string,
    private readonly log: Log,
    private readonly metricsSpec: () => string | undefined,
  ) {
    this.provider = {
      onDidChangeMcpServerDefinitions: this.changed.event,
      provideMcpServerDefinitions: () => this.definitions(),
    };
    const api = mcpApi();
    if (api) {
      this.disposables.push(api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, this.provider));
      this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()));
      log.info(`MCP server definition provider '${MCP_PROVIDER_ID}' registered`);
    } else {
      log.info('This VS Code has no MCP server-definition API (needs 1.101+): use "Pool Tuner: Write .vscode/mcp.json"');
    }
    this.registered = !!api;
  }

  definitions(): McpStdioServerDefinition[] {
    const api = mcpApi();
    const folders = workspaceFolders();
    const launch = mcpLaunch(this.extensionPath, folders, this.metricsSpec());
    if (!api || folders.length === 0) return [];
    if (!existsSync(launch.args[0]!)) {
      this.log.warn(`MCP server bundle missing at ${launch.args[0]}; run \`npm run build\``);
      return [];
    }
    const def = new api.McpStdioServerDefinition(MCP_SERVER_LABEL, launch.command, launch.args, launch.env, this.version);
    if (launch.cwd) def.cwd = vscode.Uri.file(launch.cwd);
    return [def];
  }

  /** Tells VS Code the definitions changed (folders or metrics source). */
  refresh(): void {
    this.changed.fire();
  }

  /** Fallback for editors without the API: adds a `pool-tuner` server to .vscode/mcp.json, keeping other entries. */
  async writeMcpJson(): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage('Open a folder first: .vscode/mcp.json belongs to a workspace folder.');
      return undefined;
    }
    const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
    let existing: { servers?: Record<string, unknown> } & Record<string, unknown> = {};
    try {
      existing = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as typeof existing;
    } catch (err) {
      if (!(err instanceof vscode.FileSystemError)) {
        void vscode.window.showErrorMessage(`.vscode/mcp.json is not plain JSON (${err instanceof Error ? err.message : String(err)}); add the server by hand.`);
        return undefined;
      }
    }
    const server = path.join(this.extensionPath, 'dist', 'mcp-server.js');
    // `node` rather than the editor's binary: the file is also read by other MCP clients.
    existing.servers = { ...(existing.servers ?? {}), 'pool-tuner': { type: 'stdio', command: 'node', args: [server, '--root', '${workspaceFolder}'] } };
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.vscode'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(existing, null, 2) + '\n'));
    this.log.info(`wrote ${uri.fsPath}`);
    return uri;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
