import pytest

from app.core.errors import ValidationError
from app.core.input_checks import LONE_SURROGATE_MESSAGE
from app.core.multipart import (
    MAX_PART_HEADER_BYTES,
    MAX_PARTS,
    SPOOL_MAX_BYTES,
    FileFieldError,
    MalformedMultipart,
    MultipartReader,
    UploadForm,
)

CONTENT_TYPE = "multipart/form-data; boundary=xyz"
FILE_PART = (
    b'Content-Disposition: form-data; name="file"; filename="a.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\n"
)


def body(*parts: bytes, preamble: bytes = b"", epilogue: bytes = b"") -> bytes:
    encapsulated = b"".join(b"--xyz\r\n" + part + b"\r\n" for part in parts)
    return preamble + encapsulated + b"--xyz--" + epilogue


def read(data: bytes, chunk_size: int | None = None, content_type=CONTENT_TYPE) -> UploadForm:
    reader = MultipartReader(content_type)
    size = chunk_size or len(data) or 1
    for start in range(0, len(data), size):
        reader.feed(data[start : start + size])
    return reader.finish()


@pytest.mark.parametrize("chunk_size", [None, 1, 2, 7, 64])
def test_the_file_is_read_whatever_the_chunks(chunk_size):
    # Only "--xyz" at the start of a line is a boundary.
    content = b"line one\r\n--xy\r\nnot a --xyz boundary\r\n"
    data = body(FILE_PART + content, preamble=b"ignored\r\n", epilogue=b"\r\nignored")
    file = read(data, chunk_size).single_file()
    assert (file.filename, file.content_type, file.size) == ("a.txt", "text/plain", len(content))
    assert file.stream.read() == content


def reason(raised: pytest.ExceptionInfo[ValidationError]) -> str:
    return raised.value.details[0]["message"] if raised.value.details else ""


def test_other_fields_are_skipped_and_a_plain_field_is_no_file():
    field = b'Content-Disposition: form-data; name="note"\r\n\r\nhello'
    assert read(body(field, FILE_PART + b"x")).single_file().stream.read() == b"x"
    with pytest.raises(FileFieldError) as raised:
        read(body(b'Content-Disposition: form-data; name="file"\r\n\r\nx')).single_file()
    assert reason(raised) == "must be a file"


def test_names_and_filenames_follow_rfc_7578():
    disposition = (
        b'Content-Disposition: Form-Data; NAME=file; filename="a \\"q\\" C:\\dir\\b.txt"; '
        b"filename*=utf-8''ignored.txt\r\n\r\n"
    )
    assert read(body(disposition)).single_file().filename == 'a "q" C:\\dir\\b.txt'


def test_a_value_ending_in_a_backslash_is_read_as_browsers_write_it():
    # Browsers and urllib3 escape no backslash: `"C:\dir\"` ends at its last quote.
    note = b'Content-Disposition: form-data; name="note\\"\r\n\r\nhello'
    file = b'Content-Disposition: form-data; name="file"; filename="C:\\dir\\"\r\n\r\nx'
    assert read(body(note, file)).single_file().filename == "C:\\dir\\"


def test_no_body_is_a_missing_file():
    with pytest.raises(FileFieldError) as raised:
        read(b"").single_file()
    assert reason(raised) == "Field required"


def test_a_large_file_is_spooled_to_disk():
    content = b"x" * (SPOOL_MAX_BYTES + 1)
    form = read(body(FILE_PART + content), chunk_size=65536)
    assert form.single_file().stream.read() == content
    form.close()


@pytest.mark.parametrize("name", [b'name="file"', b'name="other"'])
def test_a_lone_surrogate_in_a_name_is_a_field_error_on_file(name):
    part = b"Content-Disposition: form-data; " + name + b'; filename="\xed\xb0\x80"\r\n\r\n'
    with pytest.raises(FileFieldError) as raised:
        read(body(part))
    assert raised.value.details == [{"field": "file", "message": LONE_SURROGATE_MESSAGE}]


def test_part_headers_may_take_max_part_header_bytes():
    line = b'Content-Disposition: form-data; name="file"; filename="'
    filename = b"a" * (MAX_PART_HEADER_BYTES - len(line) - len(b'"\r\n'))
    part = line + filename + b'"\r\n\r\n'
    assert read(body(part), chunk_size=100).single_file().filename == filename.decode()
    with pytest.raises(MalformedMultipart) as raised:
        read(body(part.replace(b"a", b"aa", 1)), chunk_size=100)
    assert reason(raised) == f"A part's headers are over {MAX_PART_HEADER_BYTES} bytes"


def test_at_most_max_parts_parts():
    field = b'Content-Disposition: form-data; name="n"\r\n\r\n'
    read(body(*[field] * MAX_PARTS))
    with pytest.raises(MalformedMultipart) as raised:
        read(body(*[field] * (MAX_PARTS + 1)))
    assert reason(raised) == f"The body has more than {MAX_PARTS} parts"


@pytest.mark.parametrize(
    "data",
    [
        b"no boundary at all",
        body(FILE_PART)[:-2],
        body(FILE_PART).replace(b"--xyz\r\n", b"--xyz!\r\n", 1),
        body(b"\r\nno headers"),
        body(b'Content-Disposition: attachment; name="file"\r\n\r\n'),
        body(b'Content-Disposition: form-data; filename="a"\r\n\r\n'),
        body(b'Content-Disposition: form-data; name="a"; name="b"\r\n\r\n'),
        body(b'Content-Disposition: form-data; name="a" junk\r\n\r\n'),
        body(b'Content-Disposition: form-data; name="a"\r\nno colon\r\n\r\n'),
        body(b'Content-Disposition: form-data; name="a"\r\nX: 1\r\nx: 2\r\n\r\n'),
        body(b'Content-Disposition: form-data; name="a\nb"\r\n\r\n'),
        body(b'Content-Disposition: form-data; name="\xff"\r\n\r\n'),
    ],
)
def test_a_body_outside_the_grammar_is_malformed(data):
    with pytest.raises(MalformedMultipart):
        read(data)


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "b" * 71,
        "multipart/form-data; boundary=xyz; boundary=abc",
    ],
)
def test_the_boundary_must_be_one_of_1_to_70_characters(content_type):
    with pytest.raises(MalformedMultipart):
        MultipartReader(content_type)


def test_a_quoted_boundary_is_read():
    form = read(body(FILE_PART + b"x"), content_type='multipart/form-data; boundary="xyz"')
    assert form.single_file().stream.read() == b"x"


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data; boundary=" + " " * 4000 + '"',
        'multipart/form-data; boundary="' + " " * 4000,
        "multipart/form-data;" + " " * 4000 + "boundary",
    ],
)
def test_runs_of_spaces_in_parameters_are_read_in_one_pass(content_type):
    # A backtracking pattern took minutes over these 4,000 spaces; this one, a moment.
    with pytest.raises(MalformedMultipart):
        MultipartReader(content_type)


def test_parameters_are_trimmed_around_their_values():
    part = b"Content-Disposition: form-data ;  name = file ;filename=  a.txt  \r\n\r\n"
    assert read(body(part + b"x")).single_file().filename == "a.txt"
