namespace MatchModels.Core.Tables;

/// <summary>
/// Walks a Parquet file's footer (its FileMetaData, Thrift compact protocol) without interpreting it, and says
/// whether the structure is sound: every length and element count fits in the bytes that remain, nesting stays
/// shallow, and the walk ends exactly at the footer's end. Parquet.Net trusts those counts, so a damaged one
/// (a list claiming two billion elements) can keep it looping for minutes or recurse until the stack overflows;
/// checked here first, such a file is refused in microseconds.
/// </summary>
/// <remarks>
/// Facts used (Apache Thrift compact protocol, as the Parquet format specifies for its metadata): a field header
/// byte holds a field-id delta in its high nibble (0 means a zigzag varint id follows) and a type in its low
/// nibble, 0 being the end of a struct; types 1/2 booleans, 3 byte, 4–6 varint integers, 7 double (8 bytes),
/// 8 binary (varint length), 9/10 list/set (size nibble, 15 meaning a varint size follows), 11 map, 12 struct.
/// Every element takes at least one byte, which bounds any honest count by the bytes that remain.
/// </remarks>
public static class ParquetFooterCheck
{
    /// <summary>The metadata nests about five deep (schema, row groups, columns, statistics); far more is damage.</summary>
    private const int MaxDepth = 32;

    private const int Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;

    /// <summary>True when <paramref name="stream"/> is long enough for Parquet and starts and ends with its magic "PAR1". Leaves the stream at 0.</summary>
    public static bool HasMagic(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Length < 12)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        stream.Position = 0;
        stream.ReadExactly(head);
        stream.Position = stream.Length - 4;
        stream.ReadExactly(tail);
        stream.Position = 0;
        return head.SequenceEqual("PAR1"u8) && tail.SequenceEqual("PAR1"u8);
    }

    /// <summary>
    /// Null when <paramref name="stream"/> is a Parquet file with a sound footer; otherwise what is wrong with it (too
    /// short, no magic at either end, or the footer's own problem). Leaves the stream at 0.
    /// </summary>
    public static string? FileProblem(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Length < 12)
        {
            return $"{stream.Length} bytes, too short for Parquet";
        }

        return HasMagic(stream) ? Problem(stream) : "not Parquet, or truncated: no PAR1 at its start and end";
    }

    /// <summary>Null when the footer of the Parquet file in <paramref name="stream"/> is sound; otherwise what is wrong with it. Leaves the stream at 0.</summary>
    public static string? Problem(Stream stream)
    {
        long size = stream.Length;
        if (size < 12)
        {
            return "too short to hold a Parquet footer";
        }

        Span<byte> trailer = stackalloc byte[8];
        stream.Position = size - 8;
        stream.ReadExactly(trailer);
        int length = BitConverter.ToInt32(trailer[..4]);
        if (length <= 0 || length > size - 12)
        {
            stream.Position = 0;
            return $"the footer length {length} does not fit in a file of {size} bytes";
        }

        byte[] footer = new byte[length];
        stream.Position = size - 8 - length;
        stream.ReadExactly(footer);
        stream.Position = 0;
        return Problem(footer);
    }

    /// <summary>Null when <paramref name="metadata"/> (the footer without its length and magic) is one sound Thrift struct.</summary>
    public static string? Problem(ReadOnlySpan<byte> metadata)
    {
        var reader = new Reader(metadata);
        if (!reader.SkipStruct(0))
        {
            return $"the footer's metadata is damaged near byte {reader.Position} of {metadata.Length}";
        }

        return reader.Position == metadata.Length ? null : $"the footer's metadata ends at byte {reader.Position} of {metadata.Length}";
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        private readonly int Remaining => _bytes.Length - Position;

        public bool SkipStruct(int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            while (true)
            {
                if (!TryByte(out byte header))
                {
                    return false;
                }

                int type = header & 0x0F;
                if (type == Stop)
                {
                    return true;
                }

                if (header >> 4 == 0 && !SkipVarint())
                {
                    return false;
                }

                // Booleans in a struct live in the header's type itself.
                if (type is not (True or False) && !SkipValue(type, depth))
                {
                    return false;
                }
            }
        }

        private bool SkipValue(int type, int depth)
        {
            switch (type)
            {
                case True or False or Byte:
                    return Skip(1);
                case I16 or I32 or I64:
                    return SkipVarint();
                case Double:
                    return Skip(8);
                case Binary:
                    return TryVarint(out ulong size) && size <= (ulong)Remaining && Skip((int)size);
                case List or Set:
                    return SkipList(depth);
                case Map:
                    return SkipMap(depth);
                case Struct:
                    return SkipStruct(depth + 1);
                default:
                    return false;
            }
        }

        private bool SkipList(int depth)
        {
            if (!TryByte(out byte header))
            {
                return false;
            }

            ulong count = (ulong)(header >> 4);
            if (count == 15 && !TryVarint(out count))
            {
                return false;
            }

            int element = header & 0x0F;
            if (count > (ulong)Remaining || depth + 1 > MaxDepth)
            {
                return false;
            }

            for (ulong i = 0; i < count; i++)
            {
                if (!SkipValue(element, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        private bool SkipMap(int depth)
        {
            if (!TryVarint(out ulong count))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            if (!TryByte(out byte types) || count > (ulong)Remaining || depth + 1 > MaxDepth)
            {
                return false;
            }

            for (ulong i = 0; i < count; i++)
            {
                if (!SkipValue(types >> 4, depth + 1) || !SkipValue(types & 0x0F, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        private bool TryByte(out byte value)
        {
            if (Remaining < 1)
            {
                value = 0;
                return false;
            }

            value = _bytes[Position++];
            return true;
        }

        private bool Skip(int n)
        {
            if (n > Remaining)
            {
                return false;
            }

            Position += n;
            return true;
        }

        private bool SkipVarint() => TryVarint(out _);

        /// <summary>An unsigned LEB128 varint of at most ten bytes.</summary>
        private bool TryVarint(out ulong value)
        {
            value = 0;
            for (int shift = 0; shift < 70; shift += 7)
            {
                if (!TryByte(out byte b))
                {
                    return false;
                }

                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
