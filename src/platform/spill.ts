import { importNode, isNode } from './node.js';

/**
 * One spill file: the disk tier of the buffer cache writes evicted buffers into it at
 * offsets it chooses and reads them back. Calls are synchronous because eviction runs
 * inside synchronous code (array creation, `dataSync()`); the file systems offer that:
 * Node's and Deno's `fs.*Sync`, and in browsers the Origin Private File System's sync
 * access handles (dedicated workers only).
 */
export interface SpillFile {
  /** Where the bytes go, for error messages. */
  readonly where: string;
  write(bytes: Uint8Array, at: number): void;
  read(into: Uint8Array, at: number): void;
  close(): void;
}

/**
 * Node's writeSync/readSync take lengths below 2 GiB; 1 GiB pieces stay clear of the
 * limit and are large enough that the per-call cost is invisible.
 */
const PIECE = 2 ** 30;

const isDeno = (): boolean => 'Deno' in globalThis;

/**
 * Opens a fresh spill file in `dir` (Node, Deno) or in the Origin Private File System
 * (browsers, where `dir` names a subdirectory). Fails with a message naming the place
 * when it cannot be created, so an unwritable directory is reported at `init`.
 */
export async function openSpillFile(dir: string | undefined): Promise<SpillFile> {
  if (isNode() || isDeno()) return openFsFile(dir ?? (await importNode('os')).tmpdir());
  return openOpfsFile(dir ?? 'quiver-spill');
}

const uniqueName = (): string => `quiver-spill-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}.bin`;

async function openFsFile(dir: string): Promise<SpillFile> {
  const fs = await importNode('fs');
  const path = `${dir.replace(/[/\\]+$/, '')}/${uniqueName()}`;
  let fd: number;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(path, 'w+');
  } catch (e) {
    throw new Error(`the spill directory ${dir} is not writable: ${(e as Error).message}`);
  }
  // Unlinked at once where the OS allows (POSIX): the open descriptor keeps the bytes,
  // and the file disappears with the process however it ends. Windows keeps it until close.
  let unlinked = true;
  try {
    fs.unlinkSync(path);
  } catch {
    unlinked = false;
  }
  return {
    where: path,
    write(bytes, at) {
      for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, Math.min(PIECE, bytes.length - done), at + done);
    },
    read(into, at) {
      for (let done = 0; done < into.length; ) {
        const n = fs.readSync(fd, into, done, Math.min(PIECE, into.length - done), at + done);
        if (n === 0) throw new Error(`spill file ${path}: ended at byte ${at + done} while reading ${into.length} bytes from ${at}`);
        done += n;
      }
    },
    close() {
      fs.closeSync(fd);
      if (!unlinked) fs.unlinkSync(path);
    },
  };
}

/** The parts of the OPFS API used here (lib.dom's typings lag behind the sync handle). */
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  close(): void;
}
interface OpfsFile {
  createSyncAccessHandle?(): Promise<SyncAccessHandle>;
}
interface OpfsDirectory {
  getDirectoryHandle(name: string, options: { create: boolean }): Promise<OpfsDirectory>;
  getFileHandle(name: string, options: { create: boolean }): Promise<OpfsFile>;
  removeEntry(name: string): Promise<void>;
}

async function openOpfsFile(dir: string): Promise<SpillFile> {
  const storage = (globalThis as { navigator?: { storage?: { getDirectory?(): Promise<OpfsDirectory> } } }).navigator?.storage;
  if (!storage?.getDirectory) throw new Error('no spill tier here: this runtime has no file system and no Origin Private File System');
  const folder = await (await storage.getDirectory()).getDirectoryHandle(dir, { create: true });
  const name = uniqueName();
  const file = await folder.getFileHandle(name, { create: true });
  if (!file.createSyncAccessHandle) {
    await folder.removeEntry(name);
    throw new Error('the Origin Private File System gives synchronous access only in a dedicated Worker: run Quiver in a Worker to spill to disk');
  }
  const handle = await file.createSyncAccessHandle();
  return {
    where: `OPFS ${dir}/${name}`,
    write(bytes, at) {
      for (let done = 0; done < bytes.length; ) done += handle.write(bytes.subarray(done), { at: at + done });
    },
    read(into, at) {
      for (let done = 0; done < into.length; ) {
        const n = handle.read(into.subarray(done), { at: at + done });
        if (n === 0) throw new Error(`spill file OPFS ${dir}/${name}: ended at byte ${at + done}`);
        done += n;
      }
    },
    close() {
      handle.close();
      void folder.removeEntry(name);
    },
  };
}
