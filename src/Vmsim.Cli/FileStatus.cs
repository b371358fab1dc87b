using System.Runtime.InteropServices;

namespace Vmsim.Cli;

/// <summary>
/// What Linux says of an existing file through <c>statx</c> (whose layout is the same on every
/// architecture) and <c>faccessat</c>: enough for <see cref="StagedFile"/> to tell a file it may
/// replace by a rename (a regular file of the user's, with no other name) from one it must write
/// into (a device, a FIFO, a pipe, a hard link, another user's file).
/// </summary>
/// <param name="IsRegular">A regular file, not a device, FIFO, socket or folder.</param>
/// <param name="Links">How many names the file has (hard links).</param>
/// <param name="OwnedByUser">The file's owner is the effective user.</param>
/// <param name="Permissions">The file's permission bits (with set-user-ID, set-group-ID and sticky).</param>
internal readonly record struct FileStatus(bool IsRegular, uint Links, bool OwnedByUser, UnixFileMode Permissions)
{
    /// <summary>ENOENT: no file of that name.</summary>
    public const int NoSuchFile = 2;

    /// <summary>EPERM: the call itself refused (a sandbox that forbids <c>statx</c>).</summary>
    public const int NotPermitted = 1;

    /// <summary>ENOSYS: no <c>statx</c> (an old kernel, or a C library without it).</summary>
    public const int NotImplemented = 38;

    private const int CurrentFolder = -100; // AT_FDCWD
    private const int EffectiveIds = 0x200; // AT_EACCESS
    private const int Writable = 2; // W_OK
    private const int Searchable = 1; // X_OK
    private const uint TypeModeLinksOwner = 0x1 | 0x2 | 0x4 | 0x8; // STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_UID
    private const int StatxSize = 256;
    private const int LinksAt = 16; // stx_nlink
    private const int OwnerAt = 20; // stx_uid
    private const int ModeAt = 28; // stx_mode
    private const int TypeMask = 0xF000; // S_IFMT
    private const int RegularType = 0x8000; // S_IFREG
    private const int PermissionMask = 0xFFF; // S_ISUID | S_ISGID | S_ISVTX | 0777

    /// <summary>
    /// The file <paramref name="path"/> names, symbolic links followed; null when Linux says
    /// nothing of it, with the reason in <paramref name="error"/>: <see cref="NoSuchFile"/> when
    /// there is none, <see cref="NotPermitted"/> or <see cref="NotImplemented"/> when
    /// <c>statx</c> cannot be asked, another error number when it cannot look (no permission
    /// along the path, a loop of symbolic links).
    /// </summary>
    public static FileStatus? Of(string path, out int error)
    {
        var buffer = new byte[StatxSize];
        try
        {
            if (Statx(CurrentFolder, path, 0, TypeModeLinksOwner, buffer) != 0)
            {
                error = Marshal.GetLastPInvokeError();
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            error = NotImplemented;
            return null;
        }

        error = 0;
        var mode = BitConverter.ToUInt16(buffer, ModeAt);
        return new FileStatus(
            (mode & TypeMask) == RegularType,
            BitConverter.ToUInt32(buffer, LinksAt),
            BitConverter.ToUInt32(buffer, OwnerAt) == GetEffectiveUserId(),
            (UnixFileMode)(mode & PermissionMask));
    }

    /// <summary>True when the effective user may write into the existing file <paramref name="path"/>.</summary>
    public static bool MayWrite(string path) => FaccessAt(CurrentFolder, path, Writable, EffectiveIds) == 0;

    /// <summary>True when the effective user may make and remove files in <paramref name="folder"/>.</summary>
    public static bool MayWriteIn(string folder) => FaccessAt(CurrentFolder, folder, Writable | Searchable, EffectiveIds) == 0;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int folder, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "faccessat", SetLastError = true)]
    private static extern int FaccessAt(int folder, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode, int flags);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
