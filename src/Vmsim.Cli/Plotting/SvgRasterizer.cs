using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Vmsim.Cli.Plotting;

/// <summary>
/// Turns an SVG into a PNG with librsvg and cairo, the GNOME libraries that draw SVG on Linux
/// desktops (packages librsvg2-2 and libcairo2, present on Debian and Ubuntu with any
/// desktop, and on this project's machines). Called through P/Invoke: no NuGet package here
/// carries a rasterizer whose native parts install without a download.
/// </summary>
internal static partial class SvgRasterizer
{
    /// <summary>What to tell someone whose machine lacks librsvg.</summary>
    public const string InstallHint = "a PNG chart is drawn by librsvg and cairo; install them with 'apt-get install librsvg2-2 libcairo2', or write an SVG or HTML chart";

    private const string Rsvg = "librsvg-2.so.2";
    private const string Cairo = "libcairo.so.2";
    private const string GObject = "libgobject-2.0.so.0";
    private const string GLib = "libglib-2.0.so.0";
    private const int CairoFormatArgb32 = 0;

    private delegate int CairoWrite(IntPtr closure, IntPtr data, uint length);

    /// <summary>True when librsvg and cairo can be loaded.</summary>
    public static bool Available()
    {
        foreach (var library in new[] { Rsvg, Cairo })
        {
            if (!NativeLibrary.TryLoad(library, out var handle))
            {
                return false;
            }

            NativeLibrary.Free(handle);
        }

        return true;
    }

    /// <summary>
    /// Draws <paramref name="svg"/> at <paramref name="scale"/> times its size on a white
    /// background and returns the PNG, with <paramref name="text"/> in a tEXt chunk keyed
    /// <paramref name="keyword"/> (the chart's data).
    /// </summary>
    public static byte[] Png(string svg, double scale, string keyword, string text)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var bytes = Encoding.UTF8.GetBytes(svg);
        var handle = RsvgHandleNewFromData(bytes, (nuint)bytes.Length, out var error);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"librsvg could not read the SVG: {ErrorText(error)}");
        }

        try
        {
            if (!RsvgHandleGetIntrinsicSizeInPixels(handle, out var width, out var height) || width <= 0 || height <= 0)
            {
                throw new InvalidOperationException("librsvg found no size in the SVG");
            }

            var pixelsWide = (int)Math.Ceiling(width * scale);
            var pixelsHigh = (int)Math.Ceiling(height * scale);
            var surface = CairoImageSurfaceCreate(CairoFormatArgb32, pixelsWide, pixelsHigh);
            var context = CairoCreate(surface);
            try
            {
                CairoSetSourceRgb(context, 1, 1, 1);
                CairoPaint(context);
                var viewport = new RsvgRectangle(0, 0, pixelsWide, pixelsHigh);
                if (!RsvgHandleRenderDocument(handle, context, ref viewport, out error))
                {
                    throw new InvalidOperationException($"librsvg could not draw the SVG: {ErrorText(error)}");
                }

                CairoSurfaceFlush(surface);
                using var png = new MemoryStream();
                CairoWrite write = (_, data, length) =>
                {
                    var chunk = new byte[length];
                    Marshal.Copy(data, chunk, 0, (int)length);
                    png.Write(chunk);
                    return 0;
                };
                var status = CairoSurfaceWriteToPngStream(surface, write, IntPtr.Zero);
                GC.KeepAlive(write);
                if (status != 0)
                {
                    throw new InvalidOperationException($"cairo could not write the PNG (status {status})");
                }

                return WithText(png.ToArray(), keyword, text);
            }
            finally
            {
                CairoDestroy(context);
                CairoSurfaceDestroy(surface);
            }
        }
        finally
        {
            GObjectUnref(handle);
        }
    }

    /// <summary>Inserts a tEXt chunk (Latin-1 text under a keyword) right after a PNG's header chunk.</summary>
    public static byte[] WithText(byte[] png, string keyword, string text)
    {
        ArgumentNullException.ThrowIfNull(png);
        const int AfterHeader = 8 + 4 + 4 + 13 + 4;
        var data = Encoding.Latin1.GetBytes(keyword + "\0" + text);
        var chunk = new byte[4 + 4 + data.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png.AsSpan(0, AfterHeader), .. chunk, .. png.AsSpan(AfterHeader)];
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static string ErrorText(IntPtr error)
    {
        if (error == IntPtr.Zero)
        {
            return "no reason given";
        }

        // GError: { GQuark domain; gint code; gchar *message; }
        var message = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error, 8)) ?? "no reason given";
        GErrorFree(error);
        return message;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RsvgRectangle(double x, double y, double width, double height)
    {
        public double X = x;
        public double Y = y;
        public double Width = width;
        public double Height = height;
    }

    [DllImport(Rsvg, EntryPoint = "rsvg_handle_new_from_data")]
    private static extern IntPtr RsvgHandleNewFromData(byte[] data, nuint length, out IntPtr error);

    [DllImport(Rsvg, EntryPoint = "rsvg_handle_get_intrinsic_size_in_pixels")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool RsvgHandleGetIntrinsicSizeInPixels(IntPtr handle, out double width, out double height);

    [DllImport(Rsvg, EntryPoint = "rsvg_handle_render_document")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool RsvgHandleRenderDocument(IntPtr handle, IntPtr cairo, ref RsvgRectangle viewport, out IntPtr error);

    [DllImport(GObject, EntryPoint = "g_object_unref")]
    private static extern void GObjectUnref(IntPtr instance);

    [DllImport(GLib, EntryPoint = "g_error_free")]
    private static extern void GErrorFree(IntPtr error);

    [DllImport(Cairo, EntryPoint = "cairo_image_surface_create")]
    private static extern IntPtr CairoImageSurfaceCreate(int format, int width, int height);

    [DllImport(Cairo, EntryPoint = "cairo_create")]
    private static extern IntPtr CairoCreate(IntPtr surface);

    [DllImport(Cairo, EntryPoint = "cairo_set_source_rgb")]
    private static extern void CairoSetSourceRgb(IntPtr context, double red, double green, double blue);

    [DllImport(Cairo, EntryPoint = "cairo_paint")]
    private static extern void CairoPaint(IntPtr context);

    [DllImport(Cairo, EntryPoint = "cairo_surface_flush")]
    private static extern void CairoSurfaceFlush(IntPtr surface);

    [DllImport(Cairo, EntryPoint = "cairo_surface_write_to_png_stream")]
    private static extern int CairoSurfaceWriteToPngStream(IntPtr surface, CairoWrite write, IntPtr closure);

    [DllImport(Cairo, EntryPoint = "cairo_destroy")]
    private static extern void CairoDestroy(IntPtr context);

    [DllImport(Cairo, EntryPoint = "cairo_surface_destroy")]
    private static extern void CairoSurfaceDestroy(IntPtr surface);
}
