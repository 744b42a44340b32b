#!/usr/bin/env python3
"""A scripted RPC-with-TLS (RFC 9289) server for interop tests.

Listens on 127.0.0.1, prints "PORT <n>" and serves connections until killed (or --lifetime seconds pass).
Before TLS it answers only the AUTH_TLS probe (NULL call, AUTH_TLS credential) with the STARTTLS verifier, then
upgrades the same TCP connection to TLS 1.3 with ALPN "sunrpc". Inside TLS:
  procedure 0  NULL
  procedure 1  echoes its arguments (an XDR string comes back as the same string)
  procedure 2  returns, as an XDR string, "<client certificate subject CN or ->|<credential flavor>"
Modes for tests: --alpn NAME offers another ALPN protocol; --no-tls answers the probe with AUTH_ERROR/BADCRED and
serves clear text; --stall answers STARTTLS and then never reads; --garbage answers STARTTLS and sends junk.
"""
import argparse
import signal
import socket
import ssl
import sys
import threading

from rpctls_common import (AUTH_BADCRED, AUTH_TLS, AUTH_TOOWEAK, STARTTLS, accepted_reply, auth_error_reply,
                           opaque, parse_call, read_record, tls_context, write_record)


def serve_calls(stream, peer_cn):
    while True:
        try:
            body = read_record(stream)
        except (EOFError, OSError, ssl.SSLError):
            return
        xid, prog, vers, proc, flavor, cred, args = parse_call(body)
        if flavor == AUTH_TLS:
            # AUTH_TLS inside TLS, or on another procedure: AUTH_BADCRED (RFC 9289).
            write_record(stream, auth_error_reply(xid, AUTH_BADCRED))
        elif proc == 0:
            write_record(stream, accepted_reply(xid))
        elif proc == 1:
            write_record(stream, accepted_reply(xid, results=args))
        elif proc == 2:
            text = ("%s|%d" % (peer_cn or "-", flavor)).encode()
            write_record(stream, accepted_reply(xid, results=opaque(text)))
        else:
            write_record(stream, accepted_reply(xid))


def common_name(certificate):
    if not certificate:
        return None
    for rdn in certificate.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return value
    return None


def handle(connection, options, context):
    connection.settimeout(options.io_timeout)
    try:
        while True:
            body = read_record(connection)
            xid, prog, vers, proc, flavor, cred, args = parse_call(body)
            if flavor == AUTH_TLS and proc == 0 and not options.no_tls:
                write_record(connection, accepted_reply(xid, verifier_body=STARTTLS))
                break
            if options.no_tls:
                if flavor == AUTH_TLS:
                    write_record(connection, auth_error_reply(xid, AUTH_BADCRED))
                else:
                    write_record(connection, accepted_reply(xid, results=args if proc == 1 else b""))
                continue
            # Clear text other than the probe is refused.
            write_record(connection, auth_error_reply(xid, AUTH_BADCRED if flavor == AUTH_TLS else AUTH_TOOWEAK))
        if options.stall:
            threading.Event().wait(options.lifetime)
            return
        if options.garbage:
            connection.sendall(b"\x16\x03\x03\x00\x05garbage, not a TLS record" * 4)
            return
        tls = context.wrap_socket(connection, server_side=True)
        sys.stdout.write("TLS %s %s\n" % (tls.version(), tls.selected_alpn_protocol()))
        sys.stdout.flush()
        serve_calls(tls, common_name(tls.getpeercert()))
        try:
            tls.unwrap()
        except (OSError, ssl.SSLError, ValueError):
            pass
    except (EOFError, OSError, ssl.SSLError, ValueError) as error:
        sys.stdout.write("ERROR %s\n" % error)
        sys.stdout.flush()
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--client-ca", help="require a client certificate signed by (or equal to) this PEM")
    parser.add_argument("--alpn", default="sunrpc")
    parser.add_argument("--no-tls", action="store_true")
    parser.add_argument("--stall", action="store_true")
    parser.add_argument("--garbage", action="store_true")
    parser.add_argument("--lifetime", type=float, default=60.0)
    parser.add_argument("--io-timeout", type=float, default=20.0)
    options = parser.parse_args()

    # Bounded: a test that forgets the process does not leave it running.
    signal.signal(signal.SIGALRM, lambda *_: sys.exit(0))
    signal.alarm(int(options.lifetime))

    context = tls_context(server_side=True, alpn=options.alpn)
    context.load_cert_chain(options.cert, options.key)
    if options.client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(options.client_ca)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    sys.stdout.write("PORT %d\n" % listener.getsockname()[1])
    sys.stdout.flush()
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=handle, args=(connection, options, context), daemon=True).start()


if __name__ == "__main__":
    main()
