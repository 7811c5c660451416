using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using LibreQoS.Python.Interop;
using LibreQoS.Python.Native;

namespace LibreQoS.Python.Conversion;

/// <summary>
/// Converts plain values between .NET and Python. GIL held.
/// <list type="table">
/// <listheader><term>.NET</term><description>Python</description></listheader>
/// <item><term>null</term><description>None</description></item>
/// <item><term>bool</term><description>bool</description></item>
/// <item><term>sbyte…long, byte…ulong, BigInteger</term><description>int; back as <see cref="long"/>, or <see cref="BigInteger"/> when it does not fit</description></item>
/// <item><term>float, double</term><description>float; back as <see cref="double"/></description></item>
/// <item><term>string</term><description>str (UTF-8 in between; a lone surrogate becomes U+FFFD)</description></item>
/// <item><term>IDictionary</term><description>dict; back as <c>Dictionary&lt;object, object?&gt;</c> (None keys refused)</description></item>
/// <item><term>other IEnumerable</term><description>list; list and tuple come back as <c>List&lt;object?&gt;</c></description></item>
/// </list>
/// Anything else throws <see cref="NotSupportedException"/>. Nesting is limited to <see cref="MaxDepth"/> levels,
/// which also stops a self-containing list from overflowing the stack.
/// </summary>
internal static class PyConverter
{
    internal const int MaxDepth = 100;

    internal static PyObjectHandle ToPython(object? value) => ToPython(value, 0);

    internal static object? ToClr(PyBorrowed value) => ToClr(value.Address, 0);

    private static PyObjectHandle ToPython(object? value, int depth)
    {
        if (depth > MaxDepth)
            throw new NotSupportedException($"Values nested deeper than {MaxDepth} levels cannot be converted to Python");
        return value switch
        {
            null => PyObjectHandle.FromBorrowed(new PyBorrowed(CPython.Py_None)),
            bool b => PyObjectHandle.FromNew(CPython.PyBool_FromLong(b ? 1 : 0)),
            string s => FromString(s),
            int or long or short or sbyte or uint or ushort or byte => PyObjectHandle.FromNew(CPython.PyLong_FromLongLong(Convert.ToInt64(value, CultureInfo.InvariantCulture))),
            ulong u => PyObjectHandle.FromNew(CPython.PyLong_FromUnsignedLongLong(u)),
            BigInteger big => PyObjectHandle.FromNew(CPython.PyLong_FromString(big.ToString(CultureInfo.InvariantCulture), 0, 10)),
            double d => PyObjectHandle.FromNew(CPython.PyFloat_FromDouble(d)),
            float f => PyObjectHandle.FromNew(CPython.PyFloat_FromDouble(f)),
            IDictionary dictionary => FromDictionary(dictionary, depth),
            IEnumerable sequence => FromSequence(sequence, depth),
            _ => throw new NotSupportedException($"A .NET {value.GetType().Name} cannot be converted to Python"),
        };
    }

    private static unsafe PyObjectHandle FromString(string s)
    {
        int length = Encoding.UTF8.GetByteCount(s);
        byte[]? rented = null;
        Span<byte> utf8 = length <= 512 ? stackalloc byte[length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Encoding.UTF8.GetBytes(s, utf8);
            fixed (byte* p = utf8)
                return PyObjectHandle.FromNew(CPython.PyUnicode_FromStringAndSize(p, length));
        }
        finally
        {
            if (rented is not null)
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static PyObjectHandle FromDictionary(IDictionary dictionary, int depth)
    {
        var dict = PyObjectHandle.FromNew(CPython.PyDict_New());
        foreach (DictionaryEntry entry in dictionary)
        {
            using var key = ToPython(entry.Key, depth + 1);
            using var item = ToPython(entry.Value, depth + 1);
            if (CPython.PyDict_SetItem(dict.Address, key.Address, item.Address) != 0)
            {
                dict.Dispose();
                throw PythonErrors.FetchPending();
            }
        }
        return dict;
    }

    private static PyObjectHandle FromSequence(IEnumerable sequence, int depth)
    {
        var items = sequence.Cast<object?>().ToList();
        var list = PyObjectHandle.FromNew(CPython.PyList_New(items.Count));
        for (int i = 0; i < items.Count; i++)
        {
            // The list holds NULL slots until filled; converting first keeps a failure from leaving one half-made.
            var item = ToPython(items[i], depth + 1);
            if (CPython.PyList_SetItem(list.Address, i, item.Steal()) != 0)
            {
                list.Dispose();
                throw PythonErrors.FetchPending();
            }
        }
        return list;
    }

    private static object? ToClr(nint o, int depth)
    {
        if (depth > MaxDepth)
            throw new NotSupportedException($"Python values nested deeper than {MaxDepth} levels (or containing themselves) cannot be converted");
        if (o == CPython.Py_None)
            return null;
        if (o == CPython.Py_True)
            return true;
        if (o == CPython.Py_False)
            return false;

        nint type = CPython.PyObject_Type(o);
        ulong flags = CPython.PyType_GetFlags(type);
        CPython.Py_DecRef(type);
        if ((flags & CPython.Py_TPFLAGS_UNICODE_SUBCLASS) != 0)
            return ToString(o);
        if ((flags & CPython.Py_TPFLAGS_LONG_SUBCLASS) != 0)
            return ToInteger(o);
        if ((flags & CPython.Py_TPFLAGS_LIST_SUBCLASS) != 0)
            return ToList(o, CPython.PyList_Size(o), CPython.PyList_GetItem, depth);
        if ((flags & CPython.Py_TPFLAGS_TUPLE_SUBCLASS) != 0)
            return ToList(o, CPython.PyTuple_Size(o), CPython.PyTuple_GetItem, depth);
        if ((flags & CPython.Py_TPFLAGS_DICT_SUBCLASS) != 0)
            return ToDictionary(o, depth);
        int isFloat = CPython.PyObject_IsInstance(o, CPython.PyFloat_Type);
        if (isFloat > 0)
            return ToDouble(o);
        if (isFloat < 0)
            throw PythonErrors.FetchPending();
        throw new NotSupportedException($"A Python '{TypeName(o)}' cannot be converted to .NET (supported: None, bool, int, float, str, list, tuple, dict)");
    }

    private static unsafe string ToString(nint o)
    {
        byte* utf8 = CPython.PyUnicode_AsUTF8AndSize(o, out nint size);
        if (utf8 is null)
            throw PythonErrors.FetchPending();
        return Encoding.UTF8.GetString(utf8, checked((int)size));
    }

    private static object ToInteger(nint o)
    {
        long value = CPython.PyLong_AsLongLongAndOverflow(o, out int overflow);
        if (overflow != 0)
        {
            using var text = PyObjectHandle.FromNew(CPython.PyObject_Str(o));
            return BigInteger.Parse(ToString(text.Address), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        if (value == -1 && CPython.PyErr_Occurred() != 0)
            throw PythonErrors.FetchPending();
        return value;
    }

    private static double ToDouble(nint o)
    {
        double value = CPython.PyFloat_AsDouble(o);
        if (value == -1.0 && CPython.PyErr_Occurred() != 0)
            throw PythonErrors.FetchPending();
        return value;
    }

    private static List<object?> ToList(nint o, nint count, Func<nint, nint, nint> getItem, int depth)
    {
        if (count < 0)
            throw PythonErrors.FetchPending();
        var list = new List<object?>((int)count);
        for (nint i = 0; i < count; i++)
            list.Add(ToClr(getItem(o, i), depth + 1));
        return list;
    }

    private static Dictionary<object, object?> ToDictionary(nint o, int depth)
    {
        var dictionary = new Dictionary<object, object?>();
        nint position = 0;
        while (CPython.PyDict_Next(o, ref position, out nint key, out nint value) != 0)
        {
            object clrKey = ToClr(key, depth + 1) ?? throw new NotSupportedException("A Python dict with a None key cannot be converted to .NET");
            dictionary[clrKey] = ToClr(value, depth + 1);
        }
        return dictionary;
    }

    private static string TypeName(nint o)
    {
        using var type = PyObjectHandle.FromNew(CPython.PyObject_Type(o));
        using var name = PyCalls.GetAttr(type, "__qualname__");
        return ToString(name.Address);
    }
}
