#!/usr/bin/env python3
"""A scripted RPC-with-TLS (RFC 9289) client for interop tests.

Connects to 127.0.0.1:PORT, sends the AUTH_TLS probe (NULL call, AUTH_TLS credential, AUTH_NONE verifier),
expects the STARTTLS verifier, starts TLS 1.3 with ALPN "sunrpc" on the same connection, verifies the server's
certificate against --ca for --server-name, then calls PROG/VERS procedure 1 with an XDR string and expects the
same string back, and procedure 0 with AUTH_TLS inside TLS, which must be refused with AUTH_BADCRED.
Prints "OK <tls version> <alpn> <echo>" and exits 0, or prints "FAIL <why>" and exits 1.
"""
import argparse
import socket
import ssl
import struct
import sys

from rpctls_common import (AUTH_BADCRED, AUTH_NONE, AUTH_TLS, STARTTLS, call_message, opaque, parse_reply,
                           read_record, tls_context, write_record)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca", required=True, help="PEM the server certificate must chain to (or be)")
    parser.add_argument("--server-name", default="localhost")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--prog", type=int, default=0x20000099)
    parser.add_argument("--vers", type=int, default=1)
    parser.add_argument("--text", default="hello over tls")
    options = parser.parse_args()

    connection = socket.create_connection(("127.0.0.1", options.port), timeout=20)
    write_record(connection, call_message(1, options.prog, options.vers, 0, cred_flavor=AUTH_TLS))
    xid, accepted, verifier, _ = parse_reply(read_record(connection))
    if xid != 1 or not accepted or verifier != STARTTLS:
        print("FAIL probe answered %r %r" % (accepted, verifier))
        return 1

    context = tls_context(server_side=False)
    context.load_verify_locations(options.ca)
    if options.cert:
        context.load_cert_chain(options.cert, options.key)
    tls = context.wrap_socket(connection, server_hostname=options.server_name)
    if tls.selected_alpn_protocol() != "sunrpc":
        print("FAIL alpn %r" % tls.selected_alpn_protocol())
        return 1

    write_record(tls, call_message(2, options.prog, options.vers, 1, args=opaque(options.text.encode())))
    xid, accepted, _, results = parse_reply(read_record(tls))
    (length,) = struct.unpack(">I", results[:4])
    echo = results[4:4 + length].decode()
    if xid != 2 or not accepted or echo != options.text:
        print("FAIL echo %r" % echo)
        return 1

    write_record(tls, call_message(3, options.prog, options.vers, 0, cred_flavor=AUTH_TLS))
    xid, accepted, status, _ = parse_reply(read_record(tls))
    if xid != 3 or accepted or status != AUTH_BADCRED:
        print("FAIL AUTH_TLS inside TLS answered %r %r" % (accepted, status))
        return 1

    print("OK %s %s %s" % (tls.version(), tls.selected_alpn_protocol(), echo))
    tls.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ssl.SSLError, ValueError, EOFError) as error:
        print("FAIL %s: %s" % (type(error).__name__, error))
        sys.exit(1)
