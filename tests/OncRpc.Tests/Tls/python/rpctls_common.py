"""Shared bits of the RPC-with-TLS (RFC 9289) interop peers: XDR, record marking, the AUTH_TLS probe.

Written from RFC 5531 (messages), RFC 4506 (XDR) and RFC 9289 (the probe, TLS 1.3, ALPN "sunrpc") only: it
is the "other stack" the .NET tests talk to, so it shares no code with the library.
"""
import socket
import ssl
import struct

AUTH_NONE = 0
AUTH_SYS = 1
AUTH_TLS = 7
CALL = 0
REPLY = 1
MSG_ACCEPTED = 0
MSG_DENIED = 1
SUCCESS = 0
AUTH_ERROR = 1
AUTH_BADCRED = 1
AUTH_TOOWEAK = 5
STARTTLS = b"STARTTLS"
ALPN = "sunrpc"
MAX_RECORD = 1 << 20


def pad(data):
    return data + b"\0" * ((4 - len(data) % 4) % 4)


def opaque(data):
    return struct.pack(">I", len(data)) + pad(data)


def read_exactly(stream, count):
    """Reads exactly count bytes from a socket or an SSL socket; EOF raises."""
    chunks = []
    while count > 0:
        chunk = stream.recv(count)
        if not chunk:
            raise EOFError("connection closed")
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def read_record(stream):
    body = b""
    while True:
        (mark,) = struct.unpack(">I", read_exactly(stream, 4))
        length = mark & 0x7FFFFFFF
        if len(body) + length > MAX_RECORD:
            raise ValueError("record too large")
        body += read_exactly(stream, length)
        if mark & 0x80000000:
            return body


def write_record(stream, body):
    stream.sendall(struct.pack(">I", 0x80000000 | len(body)) + body)


def call_message(xid, prog, vers, proc, cred_flavor=AUTH_NONE, cred_body=b"", args=b""):
    return (struct.pack(">IIIIII", xid, CALL, 2, prog, vers, proc)
            + struct.pack(">I", cred_flavor) + opaque(cred_body)
            + struct.pack(">I", AUTH_NONE) + opaque(b"")
            + args)


def accepted_reply(xid, verifier_body=b"", results=b""):
    return (struct.pack(">III", xid, REPLY, MSG_ACCEPTED)
            + struct.pack(">I", AUTH_NONE) + opaque(verifier_body)
            + struct.pack(">I", SUCCESS) + results)


def auth_error_reply(xid, status):
    return struct.pack(">IIIII", xid, REPLY, MSG_DENIED, AUTH_ERROR, status)


def parse_call(body):
    """Returns (xid, prog, vers, proc, cred_flavor, cred_body, args)."""
    xid, mtype, rpcvers, prog, vers, proc = struct.unpack(">IIIIII", body[:24])
    if mtype != CALL or rpcvers != 2:
        raise ValueError("not an RPC v2 call")
    offset = 24
    cred_flavor, cred_len = struct.unpack(">II", body[offset:offset + 8])
    cred_body = body[offset + 8:offset + 8 + cred_len]
    offset += 8 + cred_len + (4 - cred_len % 4) % 4
    _, verf_len = struct.unpack(">II", body[offset:offset + 8])
    offset += 8 + verf_len + (4 - verf_len % 4) % 4
    return xid, prog, vers, proc, cred_flavor, cred_body, body[offset:]


def parse_reply(body):
    """Returns (xid, accepted, verifier_body or auth status, results)."""
    xid, mtype, stat = struct.unpack(">III", body[:12])
    if mtype != REPLY:
        raise ValueError("not a reply")
    if stat == MSG_DENIED:
        reject, status = struct.unpack(">II", body[12:20])
        return xid, False, status, b""
    _, verf_len = struct.unpack(">II", body[12:20])
    verifier = body[20:20 + verf_len]
    offset = 20 + verf_len + (4 - verf_len % 4) % 4
    (accept,) = struct.unpack(">I", body[offset:offset + 4])
    if accept != SUCCESS:
        raise ValueError("accept status %d" % accept)
    return xid, True, verifier, body[offset + 4:]


def tls_context(server_side, alpn=ALPN):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server_side else ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.set_alpn_protocols([alpn])
    return context
