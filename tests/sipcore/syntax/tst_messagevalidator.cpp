// Covers MessageValidator: check() on parsed and hand-built requests (missing and repeated
// mandatory headers, conflicting and repeated Content-Length, more than one Contact in a
// dialog-creating request, malformed headers of hand-built requests, CSeq/method mismatch with a
// known and an unknown method, headers in the Request-URI, methods missing from Allow and case
// sensitivity, Request-URI schemes sip/sips/tel/other, ACK dropped instead of answered, the
// order of the checks); answer() (Via fields in order, the first From/To/Call-ID/CSeq, the To
// tag only where none is, the verdict's Allow); answerUnparseable() (the status and reason
// phrase for each parse error, 505, 513, 501 with Allow or 400 for a CSeq mismatch, which
// name-addr header is malformed, lenient salvage of folded, compact and odd Via and CSeq
// values, and the cases never answered: responses, ACKs, no usable top Via, no CSeq, a parsed
// message, empty and garbage datagrams); and hostile input (every truncation and octet
// corruption of bad requests never crashes and only yields 400/501/505/513).
#include "sipcore/syntax/messageparser.h"
#include "sipcore/syntax/messagevalidator.h"
#include "sipcore/syntax/syntaxerror.h"

#include "support/messagetext.h"
#include "support/qtconvert.h"

#include <QTest>

using namespace sipcore;
using namespace sipcore::test;

namespace {

const std::string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS";
constexpr std::string_view ToTag = "t4g";

// A request built by hand, bypassing the parser: method, Request-URI and fields as given.
Request handBuilt(const std::string &method,
                  const QByteArrayList &headers,
                  const char *requestUri = "sip:bob@biloxi.com")
{
    Request request;
    request.method = method;
    request.setRequestUri(Uri::parse(requestUri).value());
    for (const QByteArray &line : headers) {
        const qsizetype colon = line.indexOf(':');
        request.addHeader(view(line.left(colon)), view(line.mid(colon + 1).trimmed()));
    }
    return request;
}

MessageValidator validator(const std::string &allow = Allow)
{
    return MessageValidator({.allow = allow});
}

} // namespace

class tst_MessageValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<QByteArray>("datagram"); // parsed first; must be accepted
        QTest::addColumn<QByteArray>("allow");
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reason");

        const QByteArray allow = QByteArray::fromStdString(Allow);
        const QByteArray invite = "INVITE sip:bob@biloxi.com SIP/2.0";
        const QByteArrayList headers = requestHeaders("INVITE");
        const auto row = [&](const char *name, const QByteArray &datagram, SyntaxError error,
                             int status, const char *reason, const QByteArray &allowed) {
            QTest::newRow(name) << datagram << allowed << code(error) << status
                                << QByteArray(reason);
        };
        const auto ok
                = [&](const char *name, const QByteArray &datagram, const QByteArray &allowed) {
                      QTest::newRow(name) << datagram << allowed << 0 << 0 << QByteArray();
                  };

        ok("invite", message(invite, headers), allow);
        ok("rfc2543WithoutMaxForwards", // RFC 4475 §3.4.1
           message(invite, replaced(headers, "Max-Forwards", {})), allow);
        ok("telRequestUri", message("INVITE tel:+1-201-555-0123 SIP/2.0", headers), allow);
        ok("sipsRequestUri", message("INVITE sips:bob@biloxi.com SIP/2.0", headers), allow);
        ok("twoContactsInRegister",
           message("REGISTER sip:biloxi.com SIP/2.0",
                   requestHeaders("REGISTER")
                           + QByteArrayList{"Contact: <sip:a@example.com>, <sip:b@example.com>"}),
           allow + ", REGISTER");
        ok("contactStarInRegister",
           message("REGISTER sip:biloxi.com SIP/2.0",
                   requestHeaders("REGISTER") + QByteArrayList{"Contact: *", "Expires: 0"}),
           allow + ", REGISTER");
        ok("anyMethodWithoutAllow",
           message("FOO sip:bob@biloxi.com SIP/2.0", requestHeaders("FOO")), QByteArray());
        ok("otherSchemesInNameAddrs", // RFC 4475 §3.3.4: the registrar's call, not ours
           message(invite, replaced(headers, "To", "To: isbn:2983792873")), allow);

        row("missingTo", message(invite, replaced(headers, "To", {})), SyntaxError::MissingHeader,
            400, "Missing To", allow);
        row("missingToFromCallId", // RFC 4475 §3.3.1
            message(invite,
                    replaced(replaced(replaced(headers, "Call-ID", {}), "From", {}), "To", {})),
            SyntaxError::MissingHeader, 400, "Missing To, From, Call-ID", allow);
        row("twoCallIds", message(invite, headers + QByteArrayList{"i: b@example.com"}),
            SyntaxError::DuplicateHeader, 400, "Duplicate Call-ID", allow);
        row("twoMaxForwards", message(invite, headers + QByteArrayList{"Max-Forwards: 69"}),
            SyntaxError::DuplicateHeader, 400, "Duplicate Max-Forwards", allow);
        row("twoCSeqs", message(invite, headers + QByteArrayList{"CSeq: 1 INVITE"}),
            SyntaxError::DuplicateHeader, 400, "Duplicate CSeq", allow);
        row("twoTosAndFroms", // in RFC 3261 §8.1.1 order, whatever the message's order
            message(invite,
                    headers + QByteArrayList{"f: <sip:x@example.com>;tag=2", "t: <sip:y@e.com>"}),
            SyntaxError::DuplicateHeader, 400, "Duplicate To, From", allow);
        row("twoContactsInInvite", // RFC 3261 §8.1.1.8
            message(invite,
                    headers + QByteArrayList{"m: <sip:a@example.com>", "m: <sip:b@example.com>"}),
            SyntaxError::DuplicateHeader, 400, "Duplicate Contact", allow);
        row("contactListInInvite",
            message(invite,
                    headers + QByteArrayList{"Contact: <sip:a@example.com>, <sip:b@example.com>"}),
            SyntaxError::DuplicateHeader, 400, "Duplicate Contact", allow);
        row("conflictingContentLength", // RFC 4475 §3.3.9
            message(invite, headers + QByteArrayList{"l: 5"}, "hello, world"),
            SyntaxError::BadContentLength, 400, "Conflicting Content-Length", allow);
        row("repeatedContentLength", message(invite, headers + QByteArrayList{"l: 0"}),
            SyntaxError::DuplicateHeader, 400, "Duplicate Content-Length", allow);
        row("contentLengthBeforeMissing", // framing is checked first
            message(invite, replaced(headers, "To", {}) + QByteArrayList{"l: 5"}, "hello!"),
            SyntaxError::BadContentLength, 400, "Conflicting Content-Length", allow);
        row("requestUriHeaders", // RFC 4475 §3.1.2.11
            message("INVITE sip:bob@biloxi.com?Route=%3Csip:example.com%3E SIP/2.0", headers),
            SyntaxError::BadRequestUri, 400, "Headers Not Allowed In Request-URI", allow);
        row("unknownMethod", // RFC 4475 §3.1.1.2
            message("NOTIFY sip:bob@biloxi.com SIP/2.0", requestHeaders("NOTIFY")),
            SyntaxError::UnsupportedMethod, 501, "Method Not Implemented", allow);
        row("methodsAreCaseSensitive",
            message("invite sip:bob@biloxi.com SIP/2.0", requestHeaders("invite")),
            SyntaxError::UnsupportedMethod, 501, "Method Not Implemented", allow);
        row("unknownScheme", // RFC 4475 §3.3.2
            message("OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0",
                    requestHeaders("OPTIONS")),
            SyntaxError::UnsupportedUriScheme, 416, "Unsupported URI Scheme", allow);
        row("httpScheme",
            message("OPTIONS http://www.example.com/ SIP/2.0", requestHeaders("OPTIONS")),
            SyntaxError::UnsupportedUriScheme, 416, "Unsupported URI Scheme", allow);
        row("unknownMethodBeforeScheme", // RFC 3261 §8.2.1 comes before §8.2.2.1
            message("FOO urn:x SIP/2.0", requestHeaders("FOO")), SyntaxError::UnsupportedMethod,
            501, "Method Not Implemented", allow);
        row("missingBeforeDuplicate",
            message(invite, replaced(headers, "From", {}) + QByteArrayList{"i: b@example.com"}),
            SyntaxError::MissingHeader, 400, "Missing From", allow);
        // An ACK is never answered: a bad one is dropped.
        row("ackMissingFrom",
            message("ACK sip:bob@biloxi.com SIP/2.0", replaced(requestHeaders("ACK"), "From", {})),
            SyntaxError::MissingHeader, 0, "", allow);
        row("ackUnknownScheme", message("ACK urn:x SIP/2.0", requestHeaders("ACK")),
            SyntaxError::UnsupportedUriScheme, 0, "", allow);
    }

    void check()
    {
        QFETCH(QByteArray, datagram);
        QFETCH(QByteArray, allow);
        QFETCH(int, error);
        QFETCH(int, status);
        QFETCH(QByteArray, reason);

        const auto parsed = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(parsed.error()), QByteArray("ok"));
        const auto verdict = validator(allow.toStdString()).check(std::get<Request>(*parsed));
        QCOMPARE(describe(verdict.error),
                 error ? describe(static_cast<SyntaxError>(error)) : QByteArray("ok"));
        QCOMPARE(verdict.statusCode, status);
        QCOMPARE(bytes(verdict.reasonPhrase), reason);
        QCOMPARE(verdict.accepted(), error == 0);
        QCOMPARE(verdict.mustAnswer(), status != 0);
        if (status == 501) {
            QCOMPARE(verdict.headers.size(), std::size_t(1));
            QCOMPARE(bytes(verdict.headers.front().name), QByteArray("Allow"));
            QCOMPARE(bytes(verdict.headers.front().value), allow);
        } else {
            QVERIFY(verdict.headers.empty());
        }
    }

    void checkHandBuilt_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArrayList>("headers");
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reason");

        // What the parser never lets through, a request built by hand may carry.
        const QByteArrayList headers = requestHeaders("INVITE");
        QTest::newRow("missingVia")
                << QByteArray("INVITE") << replaced(headers, "Via", {})
                << code(SyntaxError::MissingHeader) << 400 << QByteArray("Missing Via");
        QTest::newRow("missingCSeqAndVia")
                << QByteArray("INVITE") << replaced(replaced(headers, "Via", {}), "CSeq", {})
                << code(SyntaxError::MissingHeader) << 400 << QByteArray("Missing CSeq, Via");
        QTest::newRow("malformedFrom")
                << QByteArray("INVITE") << replaced(headers, "From", "From: \"x <sip:a@b.com>")
                << code(SyntaxError::BadNameAddr) << 400 << QByteArray("Malformed From");
        QTest::newRow("malformedVia")
                << QByteArray("INVITE") << replaced(headers, "Via", "Via: SIP/2.0/UDP")
                << code(SyntaxError::BadVia) << 400 << QByteArray("Malformed Via");
        QTest::newRow("malformedCallId")
                << QByteArray("INVITE") << replaced(headers, "Call-ID", "Call-ID: a b")
                << code(SyntaxError::BadHeaderValue) << 400 << QByteArray("Malformed Call-ID");
        QTest::newRow("cseqMismatchKnownMethod") // RFC 4475 §3.1.2.17
                << QByteArray("OPTIONS") << headers << code(SyntaxError::BadCSeq) << 400
                << QByteArray("CSeq Method Mismatch");
        QTest::newRow("cseqMismatchUnknownMethod") // RFC 4475 §3.1.2.18
                << QByteArray("NEWMETHOD") << headers << code(SyntaxError::UnsupportedMethod) << 501
                << QByteArray("Method Not Implemented");
    }

    void checkHandBuilt()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArrayList, headers);
        QFETCH(int, error);
        QFETCH(int, status);
        QFETCH(QByteArray, reason);

        const auto verdict = validator().check(handBuilt(method.toStdString(), headers));
        QCOMPARE(describe(verdict.error), describe(static_cast<SyntaxError>(error)));
        QCOMPARE(verdict.statusCode, status);
        QCOMPARE(bytes(verdict.reasonPhrase), reason);
    }

    void answerCopiesWhatTheRfcSays()
    {
        const Request request = handBuilt(
                "INVITE",
                {"v: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/UDP p2.example.com",
                 "Max-Forwards: 70", "Via: SIP/2.0/TCP client.example.com;branch=z9hG4bK3",
                 "t: Bob <sip:bob@biloxi.com>", "f: <sip:alice@atlanta.com>;tag=1",
                 "i: abc@atlanta.com", "CSeq: 7 INVITE", "Contact: <sip:alice@192.0.2.1>",
                 "Subject: hello"});
        MessageValidator::Verdict verdict;
        verdict.error = SyntaxError::UnsupportedMethod;
        verdict.statusCode = 501;
        verdict.reasonPhrase = "Method Not Implemented";
        verdict.headers.push_back({"Allow", Allow});
        const Response response = validator().answer(request, verdict, ToTag);
        QCOMPARE(bytes(response.serialize()),
                 QByteArray("SIP/2.0 501 Method Not Implemented\r\n"
                            "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/UDP "
                            "p2.example.com\r\n"
                            "Via: SIP/2.0/TCP client.example.com;branch=z9hG4bK3\r\n"
                            "From: <sip:alice@atlanta.com>;tag=1\r\n"
                            "To: Bob <sip:bob@biloxi.com>;tag=t4g\r\n"
                            "Call-ID: abc@atlanta.com\r\n"
                            "CSeq: 7 INVITE\r\n"
                            "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"
                            "Content-Length: 0\r\n"
                            "\r\n"));

        // A To that has a tag keeps it; no tag without one to give.
        const Request tagged = handBuilt("BYE", {"Via: SIP/2.0/UDP h.example.com",
                                                 "To: <sip:b@example.com>;tag=x", "CSeq: 1 BYE"});
        QCOMPARE(bytes(validator().answer(tagged, verdict, ToTag).header("To").value_or("")),
                 QByteArray("<sip:b@example.com>;tag=x"));
        const Request untagged = handBuilt(
                "BYE", {"Via: SIP/2.0/UDP h.example.com", "To: sip:b@example.com", "CSeq: 1 BYE"});
        QCOMPARE(bytes(validator().answer(untagged, verdict, {}).header("To").value_or("")),
                 QByteArray("sip:b@example.com"));
        QCOMPARE(bytes(validator().answer(untagged, verdict, ToTag).header("To").value_or("")),
                 QByteArray("sip:b@example.com;tag=t4g"));
    }

    void answerUnparseable_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<QByteArray>("allow");
        QTest::addColumn<int>("error");  // what the parser says, checked first
        QTest::addColumn<int>("status"); // 0: no answer
        QTest::addColumn<QByteArray>("reason");

        const QByteArray allow = QByteArray::fromStdString(Allow);
        const QByteArray invite = "INVITE sip:bob@biloxi.com SIP/2.0";
        const QByteArrayList headers = requestHeaders("INVITE");
        const auto row = [&](const char *name, const QByteArray &datagram, SyntaxError error,
                             int status, const char *reason) {
            QTest::newRow(name) << datagram << allow << code(error) << status << QByteArray(reason);
        };

        row("badVersion", message("INVITE sip:bob@biloxi.com SIP/3.0", headers),
            SyntaxError::BadVersion, 505, "Version Not Supported");
        row("tooLarge", message(invite, headers, QByteArray(70000, 'x')),
            SyntaxError::MessageTooLarge, 513, "Message Too Large");
        row("doubleSpaces", message("INVITE  sip:bob@biloxi.com  SIP/2.0", headers),
            SyntaxError::BadStartLine, 400, "Malformed Request-Line");
        row("badMethod", message("INV<ITE sip:bob@biloxi.com SIP/2.0", headers),
            SyntaxError::BadMethod, 400, "Malformed Method");
        row("badRequestUri", message("INVITE sip:bob@biloxi.com:99999 SIP/2.0", headers),
            SyntaxError::BadRequestUri, 400, "Malformed Request-URI");
        row("headerWithoutColon", message(invite, headers + QByteArrayList{"Foobar roobar"}),
            SyntaxError::BadHeaderLine, 400, "Malformed Header Line");
        row("noEmptyLine", invite + "\r\n" + headers.join("\r\n") + "\r\n",
            SyntaxError::BadHeaderLine, 400, "Header Section Not Terminated");
        row("badCallId", message(invite, replaced(headers, "Call-ID", "Call-ID: a b")),
            SyntaxError::BadHeaderValue, 400, "Malformed Call-ID");
        row("negativeContentLength",
            message(invite, replaced(headers, "Content-Length", "Content-Length: -1")),
            SyntaxError::BadContentLength, 400, "Bad Content-Length");
        row("contentLengthBeyondDatagram",
            message(invite, replaced(headers, "Content-Length", "Content-Length: 9999")),
            SyntaxError::BodyTooShort, 400, "Body Shorter Than Content-Length");
        row("secondViaMalformed", message(invite, headers + QByteArrayList{"Via: SIP/2.0/UDP"}),
            SyntaxError::BadVia, 400, "Malformed Via");
        row("fromMalformed",
            message(invite, replaced(headers, "From", "From: Bell, Alexander <sip:a@b.com>")),
            SyntaxError::BadNameAddr, 400, "Malformed From");
        row("toMalformed", message(invite, replaced(headers, "To", "To: < sip:a@b.com >")),
            SyntaxError::BadNameAddr, 400, "Malformed To");
        row("contactMalformed",
            message(invite, headers + QByteArrayList{"Contact: sip:a@b.com?x=y"}),
            SyntaxError::BadNameAddr, 400, "Malformed Contact");
        row("routeMalformed", message(invite, headers + QByteArrayList{"Route: <sip:a"}),
            SyntaxError::BadNameAddr, 400, "Malformed Route");
        row("recordRouteMalformed",
            message(invite, headers + QByteArrayList{"Record-Route: <sip:a"}),
            SyntaxError::BadNameAddr, 400, "Malformed Record-Route");
        row("cseqOutOfRange", message(invite, replaced(headers, "CSeq", "CSeq: 4294967296 INVITE")),
            SyntaxError::BadCSeq, 400, "Malformed CSeq");
        row("cseqMismatchKnownMethod", message("OPTIONS sip:bob@biloxi.com SIP/2.0", headers),
            SyntaxError::BadCSeq, 400, "CSeq Method Mismatch");
        row("cseqMismatchUnknownMethod", message("NEWMETHOD sip:bob@biloxi.com SIP/2.0", headers),
            SyntaxError::BadCSeq, 501, "Method Not Implemented");
        QTest::newRow("cseqMismatchWithoutAllow")
                << message("NEWMETHOD sip:bob@biloxi.com SIP/2.0", headers) << QByteArray()
                << code(SyntaxError::BadCSeq) << 400 << QByteArray("CSeq Method Mismatch");
        row("foldedCompactAndOddVia",
            message(invite, {"v: SIP / 7.0 /\r\n UDP  h.example.com : 5070 ;branch=z9hG4bKx;;",
                             "l: 0", "T: <sip:b@example.com>", "CSEQ :\r\n 1\r\n  INVITE"}),
            SyntaxError::BadVia, 400, "Malformed Via");

        // Never answered.
        row("response", message("SIP/2.0 200 OK", replaced(headers, "Via", "Via: SIP/2.0/UDP")),
            SyntaxError::BadVia, 0, "");
        row("responseBadCode", message("SIP/2.0 4294967301 Big", headers),
            SyntaxError::BadStatusCode, 0, "");
        row("ack", message("ACK sip:bob@biloxi.com SIP/7.0", requestHeaders("ACK")),
            SyntaxError::BadVersion, 0, "");
        row("ackInCSeqOnly", message("INVITE  sip:bob@biloxi.com SIP/2.0", requestHeaders("ACK")),
            SyntaxError::BadStartLine, 0, "");
        row("noVia", message("INVITE sip:bob@biloxi.com", replaced(headers, "Via", {})),
            SyntaxError::BadStartLine, 0, "");
        row("viaWithoutSentBy",
            message("INVITE sip:bob@biloxi.com", replaced(headers, "Via", "Via: SIP/2.0/UDP")),
            SyntaxError::BadStartLine, 0, "");
        row("viaWithBadHost",
            message("INVITE sip:bob@biloxi.com",
                    replaced(headers, "Via", "Via: SIP/2.0/UDP bad_host;branch=z9hG4bK1")),
            SyntaxError::BadStartLine, 0, "");
        row("noCSeq", message("INVITE sip:bob@biloxi.com", replaced(headers, "CSeq", {})),
            SyntaxError::BadStartLine, 0, "");
        row("cseqWithoutNumber", message(invite, replaced(headers, "CSeq", "CSeq: INVITE")),
            SyntaxError::BadCSeq, 0, "");
        row("startLineOnly", QByteArray("INVITE  sip:bob@biloxi.com SIP/2.0\r\n\r\n"),
            SyntaxError::BadStartLine, 0, "");
        row("oneWordStartLine", message("INVITE", headers), SyntaxError::BadStartLine, 0, "");
        row("empty", QByteArray(), SyntaxError::EmptyMessage, 0, "");
        row("garbage", QByteArray("\x00\xff\xfe\x7f garbage\r\n\r\n", 16),
            SyntaxError::BadStartLine, 0, "");
    }

    void answerUnparseable()
    {
        QFETCH(QByteArray, datagram);
        QFETCH(QByteArray, allow);
        QFETCH(int, error);
        QFETCH(int, status);
        QFETCH(QByteArray, reason);

        const auto parsed = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(parsed.error()), describe(static_cast<SyntaxError>(error)));
        const auto answer = validator(allow.toStdString())
                                    .answerUnparseable(view(datagram), parsed.error(), ToTag);
        QCOMPARE(answer ? answer->response.statusCode : 0, status);
        if (!answer)
            return;
        QCOMPARE(bytes(answer->response.reasonPhrase), reason);
        QCOMPARE(answer->response.hasHeader("Allow"), status == 501);
        if (status == 501)
            QCOMPARE(bytes(answer->response.header("Allow").value_or("")), allow);
        QVERIFY(answer->response.hasHeader("Via"));
        QVERIFY(answer->response.hasHeader("CSeq"));
        QVERIFY(!answer->topVia.host.empty());
    }

    void salvagedFields()
    {
        // Folded values are joined, compact names written long, the Via list copied as
        // received, and the top Via read leniently for routing.
        const QByteArray datagram
                = "OPTIONS sip:bob@biloxi.com SIP/7.0\r\n"
                  "v: SIP / 7.0 /\r\n UDP  h.example.com : 5070 ;branch=z9hG4bKx;;"
                  ";rport, SIP/2.0/TCP second.example.com\r\n"
                  "Via: SIP/2.0/UDP third.example.com\r\n"
                  "f: <sip:a@example.com>\r\n"
                  " ;tag=1\r\n"
                  "t: sip:b@example.com\r\n"
                  "i: id@example.com\r\n"
                  "CSEQ :\r\n 1\r\n  OPTIONS\r\n"
                  "Bogus line\r\n"
                  "\r\n";
        const auto parsed = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(parsed.error()), describe(SyntaxError::BadVersion));
        const auto answer = validator().answerUnparseable(view(datagram), parsed.error(), ToTag);
        QVERIFY(answer);
        QCOMPARE(bytes(answer->response.serialize()),
                 QByteArray("SIP/2.0 505 Version Not Supported\r\n"
                            "Via: SIP / 7.0 / UDP  h.example.com : 5070 ;branch=z9hG4bKx;;;rport, "
                            "SIP/2.0/TCP second.example.com\r\n"
                            "Via: SIP/2.0/UDP third.example.com\r\n"
                            "From: <sip:a@example.com> ;tag=1\r\n"
                            "To: sip:b@example.com;tag=t4g\r\n"
                            "Call-ID: id@example.com\r\n"
                            "CSeq: 1 OPTIONS\r\n"
                            "Content-Length: 0\r\n"
                            "\r\n"));
        QCOMPARE(bytes(answer->topVia.transport), QByteArray("UDP"));
        QCOMPARE(bytes(answer->topVia.host), QByteArray("h.example.com"));
        QCOMPARE(answer->topVia.port, std::optional<std::uint16_t>(5070));
        QCOMPARE(bytes(answer->topVia.branch().value_or("")), QByteArray("z9hG4bKx"));
        QVERIFY(answer->topVia.parameters.has("rport"));

        // A message that parsed has nothing to salvage.
        const QByteArray good
                = message("OPTIONS sip:bob@biloxi.com SIP/2.0", requestHeaders("OPTIONS"));
        QVERIFY(MessageParser::parseDatagram(view(good)).ok());
        QVERIFY(!validator().answerUnparseable(view(good), {}, ToTag));
    }

    void hostileInputNeverCrashes()
    {
        // Every truncation and every octet replaced by a few hostile values, for two requests
        // the parser rejects: an answer, when there is one, is one of the four statuses.
        const QByteArrayList originals = {
                message("INVITE sip:bob@biloxi.com SIP/7.0",
                        requestHeaders("INVITE")
                                + QByteArrayList{"v: SIP/2.0/UDP [2001:db8::1]:5060;;", "l: 4"},
                        "v=0\r\n"),
                message("NEWMETHOD sip:bob@biloxi.com SIP/2.0",
                        requestHeaders("INVITE") + QByteArrayList{"From: \"x <sip:y@z.com>"}),
        };
        const char replacements[] = {'\0', '\r', '\n', ' ', ':', ';', ',',    '<',
                                     '>',  '"',  '\\', '[', ']', '/', '\x7f', '\xff'};
        const MessageValidator checker = validator();
        const auto exercise = [&](const QByteArray &datagram) {
            const auto parsed = MessageParser::parseDatagram(view(datagram));
            if (parsed.ok()) {
                if (const auto *request = std::get_if<Request>(&*parsed))
                    (void)checker.answer(*request, checker.check(*request), ToTag).serialize();
                return true;
            }
            const auto answer = checker.answerUnparseable(view(datagram), parsed.error(), ToTag);
            if (!answer)
                return true;
            const int status = answer->response.statusCode;
            (void)answer->response.serialize();
            return status == 400 || status == 501 || status == 505 || status == 513;
        };
        for (const QByteArray &original : originals) {
            for (qsizetype size = 0; size <= original.size(); ++size) {
                const QByteArray prefix = original.left(size); // its own allocation
                QVERIFY2(exercise(prefix), qPrintable(QString::number(size)));
            }
            for (qsizetype i = 0; i < original.size(); ++i) {
                for (const char replacement : replacements) {
                    QByteArray datagram = original;
                    datagram[i] = replacement;
                    QVERIFY2(exercise(datagram), qPrintable(QString::number(i)));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_MessageValidator)
#include "tst_messagevalidator.moc"
