namespace LibreQoS.Python.Interop;

/// <summary>
/// A BORROWED <c>PyObject *</c>: valid only while its owner lives and the GIL is held. A ref struct, so it cannot be
/// stored in a field, boxed, captured or carried across an <c>await</c>; to keep the object, make a
/// <see cref="PyObjectHandle"/> with <see cref="PyObjectHandle.FromBorrowed"/>.
/// </summary>
internal readonly ref struct PyBorrowed
{
    internal PyBorrowed(nint address) => Address = address;

    internal nint Address { get; }

    internal bool IsNull => Address == 0;
}
