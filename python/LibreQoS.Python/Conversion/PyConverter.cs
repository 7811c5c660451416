using System.Collections;
using System.Globalization;
using System.Numerics;
using Python.Runtime;

namespace LibreQoS.Python.Conversion;

/// <summary>
/// Converts plain values between .NET and Python, on pythonnet's object model. GIL held.
/// <list type="table">
/// <listheader><term>.NET</term><description>Python</description></listheader>
/// <item><term>null</term><description>None</description></item>
/// <item><term>bool</term><description>bool</description></item>
/// <item><term>sbyte…long, byte…ulong, BigInteger</term><description>int; back as <see cref="long"/>, or <see cref="BigInteger"/> when it does not fit</description></item>
/// <item><term>float, double</term><description>float; back as <see cref="double"/></description></item>
/// <item><term>string</term><description>str (a lone surrogate in a Python str raises UnicodeEncodeError)</description></item>
/// <item><term>IDictionary</term><description>dict; back as <c>Dictionary&lt;object, object?&gt;</c> (None keys refused)</description></item>
/// <item><term>other IEnumerable</term><description>list; list and tuple come back as <c>List&lt;object?&gt;</c></description></item>
/// </list>
/// Anything else throws <see cref="NotSupportedException"/>; pythonnet's own conversions (which would wrap any .NET
/// object as a proxy) are deliberately not used, so only plain values cross. Nesting is limited to
/// <see cref="MaxDepth"/> levels, which also stops a self-containing list from overflowing the stack.
/// </summary>
/// <remarks>Every <see cref="PyObject"/> made here is disposed here or returned as a new reference the caller disposes.</remarks>
internal static class PyConverter
{
    internal const int MaxDepth = 100;

    // bool is a subclass of int, so it is checked first; pythonnet has no PyBool to ask.
    private static PyType? s_bool;

    /// <summary>Takes the bool type. Once, after initialisation, GIL held.</summary>
    internal static void CaptureTypes()
    {
        using var yes = true.ToPython();
        s_bool = yes.GetPythonType();
    }

    /// <summary>Lets the bool type go, before finalisation. GIL held.</summary>
    internal static void ReleaseTypes()
    {
        s_bool?.Dispose();
        s_bool = null;
    }

    internal static PyObject ToPython(object? value) => ToPython(value, 0);

    internal static object? ToClr(PyObject value) => ToClr(value, 0);

    private static PyObject ToPython(object? value, int depth)
    {
        if (depth > MaxDepth)
            throw new NotSupportedException($"Values nested deeper than {MaxDepth} levels cannot be converted to Python");
        return value switch
        {
            null => PyObject.None,
            // ConverterExtension.ToPython maps bool to the True/False singletons.
            bool b => b.ToPython(),
            string s => new PyString(s),
            int or long or short or sbyte or uint or ushort or byte => new PyInt(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            ulong u => new PyInt(u),
            BigInteger big => new PyInt(big),
            double d => new PyFloat(d),
            float f => new PyFloat(f),
            IDictionary dictionary => FromDictionary(dictionary, depth),
            IEnumerable sequence => FromSequence(sequence, depth),
            _ => throw new NotSupportedException($"A .NET {value.GetType().Name} cannot be converted to Python"),
        };
    }

    private static PyDict FromDictionary(IDictionary dictionary, int depth)
    {
        var dict = new PyDict();
        try
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                using var key = ToPython(entry.Key, depth + 1);
                using var item = ToPython(entry.Value, depth + 1);
                dict.SetItem(key, item);
            }
            return dict;
        }
        catch
        {
            dict.Dispose();
            throw;
        }
    }

    private static PyList FromSequence(IEnumerable sequence, int depth)
    {
        var list = new PyList();
        try
        {
            foreach (object? element in sequence)
            {
                using var item = ToPython(element, depth + 1);
                list.Append(item);
            }
            return list;
        }
        catch
        {
            list.Dispose();
            throw;
        }
    }

    private static object? ToClr(PyObject o, int depth)
    {
        if (depth > MaxDepth)
            throw new NotSupportedException($"Python values nested deeper than {MaxDepth} levels (or containing themselves) cannot be converted");
        if (o.IsNone())
            return null;
        if (o.TypeCheck(s_bool!))
            return o.IsTrue();
        if (PyString.IsStringType(o))
            return ToString(o);
        if (PyInt.IsIntType(o))
            return ToInteger(o);
        if (PyList.IsListType(o) || PyTuple.IsTupleType(o))
            return ToList(o, depth);
        if (PyDict.IsDictType(o))
            return ToDictionary(o, depth);
        if (PyFloat.IsFloatType(o))
            return o.As<double>();
        throw new NotSupportedException($"A Python '{TypeName(o)}' cannot be converted to .NET (supported: None, bool, int, float, str, list, tuple, dict)");
    }

    /// <summary>Through UTF-8, strictly, so a lone surrogate raises UnicodeEncodeError rather than passing through.</summary>
    private static string ToString(PyObject o)
    {
        using (o.InvokeMethod("encode"))
            return o.As<string>();
    }

    private static object ToInteger(PyObject o)
    {
        using var integer = new PyInt(o);
        var value = integer.ToBigInteger();
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : (object)value;
    }

    private static List<object?> ToList(PyObject o, int depth)
    {
        long count = o.Length();
        var list = new List<object?>((int)count);
        for (int i = 0; i < count; i++)
        {
            using var item = o.GetItem(i);
            list.Add(ToClr(item, depth + 1));
        }
        return list;
    }

    private static Dictionary<object, object?> ToDictionary(PyObject o, int depth)
    {
        var dictionary = new Dictionary<object, object?>();
        using var dict = new PyDict(o);
        using var keys = dict.Keys();
        foreach (PyObject key in keys)
        {
            using (key)
            {
                using var value = dict.GetItem(key);
                object clrKey = ToClr(key, depth + 1) ?? throw new NotSupportedException("A Python dict with a None key cannot be converted to .NET");
                dictionary[clrKey] = ToClr(value, depth + 1);
            }
        }
        return dictionary;
    }

    private static string TypeName(PyObject o)
    {
        using var type = o.GetPythonType();
        using var name = type.GetAttr("__qualname__");
        return name.As<string>();
    }
}
