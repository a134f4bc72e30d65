// Covers MessageParser::parseDatagram: request and status lines (versions, methods, status
// codes, Request-URI schemes: sip/sips/tel/opaque accepted, malformed ones rejected, stray
// whitespace), header lines (whitespace around the colon, folding, compact and odd-case names,
// lines without a colon), line ends (CRLF, bare LF, leading CRLFs), body framing by
// Content-Length (missing, too large, negative, non-numeric, repeated agreeing or conflicting,
// trailing octets ignored, binary bodies), the datagram size limit, the header checks (Via and
// CSeq required in requests; every Via, From, To, Call-ID, CSeq, Contact, Route and
// Record-Route present well formed; missing or repeated From/To/Call-ID accepted for the layer
// above; responses checked in full) and the CSeq method check, hostile input (empty, garbage bytes,
// every truncation of a message), the structure limits (header fields, line length, parameters
// per value, comment nesting) and where each is reported, a message object reused across
// parses, round trips parse → serialize → parse for each method of a call
// flow, a realistic INVITE with SDP, a 200 OK with three Via values, and the sipcore.syntax error
// category.
#include "sipcore/syntax/messageparser.h"
#include "sipcore/syntax/syntaxerror.h"

#include "support/messagetext.h"
#include "support/qtconvert.h"

#include <QTest>

#include <set>

using namespace sipcore;
using namespace sipcore::test;

namespace {

QByteArray withBody(QByteArrayList headers, const QByteArray &body)
{
    headers = replaced(headers, "Content-Length",
                       "Content-Length: " + QByteArray::number(body.size()));
    return message("INVITE sip:bob@biloxi.com SIP/2.0", headers, body);
}

const QByteArray Sdp = "v=0\r\n"
                       "o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com\r\n"
                       "s=-\r\n"
                       "c=IN IP4 192.0.2.101\r\n"
                       "t=0 0\r\n"
                       "m=audio 49172 RTP/AVP 0 8 101\r\n"
                       "a=rtpmap:0 PCMU/8000\r\n"
                       "a=rtpmap:101 telephone-event/8000\r\n";

QByteArray realisticInvite()
{
    return message(
            "INVITE sip:bob@biloxi.example.com SIP/2.0",
            {"Via: SIP/2.0/UDP client.atlanta.example.com:5060;rport;branch=z9hG4bK74bf9",
             "Max-Forwards: 70",
             "From: \"Alice Liddell\" <sip:alice@atlanta.example.com>;tag=9fxced76sl",
             "To: Bob <sip:bob@biloxi.example.com>",
             "Call-ID: 3848276298220188511@atlanta.example.com", "CSeq: 1 INVITE",
             "Contact: <sip:alice@192.0.2.101:5060;ob>;+sip.instance=\"<urn:uuid:f81d4fae>\"",
             "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY",
             "Supported: replaces, timer", "User-Agent: Ringback/0.1 (Linux, x86_64)",
             "Content-Type: application/sdp", "Content-Length: " + QByteArray::number(Sdp.size())},
            Sdp);
}

QByteArray okWithThreeVias()
{
    return message(
            "SIP/2.0 200 OK",
            {"Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bKnashds8;received=192.0.2.3, "
             "SIP/2.0/UDP "
             "bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2",
             "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1",
             "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
             "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
             "Call-ID: a84b4c76e66710@pc33.atlanta.com", "CSeq: 314159 INVITE",
             "Contact: <sip:bob@192.0.2.4>",
             "Record-Route: <sip:server10.biloxi.com;lr>, <sip:bigbox3.site3.atlanta.com;lr>",
             "Content-Type: application/sdp", "Content-Length: " + QByteArray::number(Sdp.size())},
            Sdp);
}

QByteArray startLine(const SipMessageVariant &variant)
{
    if (const auto *request = std::get_if<Request>(&variant))
        return bytes(request->method) + ' ' + bytes(request->requestUri().toString());
    const auto &response = std::get<Response>(variant);
    return QByteArray::number(response.statusCode) + ' ' + bytes(response.reasonPhrase);
}

const SipMessage &base(const SipMessageVariant &variant)
{
    return std::visit([](const auto &m) -> const SipMessage & { return m; }, variant);
}

std::string serialize(const SipMessageVariant &variant)
{
    return std::visit([](const auto &m) { return m.serialize(); }, variant);
}

QByteArray fields(const SipMessage &message)
{
    QByteArrayList out;
    for (const HeaderField &field : message.headerFields())
        out.append(bytes(field.name) + ": " + bytes(field.value));
    return out.join('\n');
}

} // namespace

class tst_MessageParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realisticInviteWithSdp()
    {
        const auto parsed = MessageParser::parseDatagram(view(realisticInvite()));
        QCOMPARE(describe(parsed.error()), QByteArray("ok"));
        const auto *request = std::get_if<Request>(&*parsed);
        QVERIFY(request);
        QCOMPARE(bytes(request->method), QByteArray("INVITE"));
        QCOMPARE(bytes(request->requestUri().toString()), QByteArray("sip:bob@biloxi.example.com"));
        QCOMPARE(bytes(request->body()), Sdp);
        QCOMPARE(request->headerFields().size(), std::size_t(12));

        const auto via = request->topVia();
        QVERIFY(via.ok());
        QCOMPARE(bytes(via->host), QByteArray("client.atlanta.example.com"));
        QCOMPARE(via->port, std::optional<std::uint16_t>(5060));
        QVERIFY(via->parameters.has("rport"));
        QVERIFY(via->hasMagicCookie());
        QCOMPARE(bytes(request->from()->displayName), QByteArray("Alice Liddell"));
        QCOMPARE(bytes(request->from()->tag().value_or("")), QByteArray("9fxced76sl"));
        QVERIFY(!request->to()->tag());
        QCOMPARE(request->cseq()->sequence, 1u);
        QCOMPARE(request->maxForwards().value(), 70u);
        const auto contacts = request->contacts();
        QVERIFY(contacts.ok());
        QCOMPARE(bytes(contacts->front().parameters.get("+sip.instance").value_or("")),
                 QByteArray("\"<urn:uuid:f81d4fae>\""));
        QCOMPARE(request->headerValues("Allow").size(), std::size_t(7));
        QCOMPARE(bytes(request->headerValues("User-Agent").front()),
                 QByteArray("Ringback/0.1 (Linux, x86_64)"));
        QCOMPARE(bytes(request->header("content-type").value_or("")),
                 QByteArray("application/sdp"));
    }

    void okWithThreeViasTwoOnOneLine()
    {
        const auto parsed = MessageParser::parseDatagram(view(okWithThreeVias()));
        QCOMPARE(describe(parsed.error()), QByteArray("ok"));
        const auto *response = std::get_if<Response>(&*parsed);
        QVERIFY(response);
        QCOMPARE(response->statusCode, 200);
        QCOMPARE(bytes(response->reasonPhrase), QByteArray("OK"));
        const auto vias = response->vias();
        QVERIFY(vias.ok());
        QCOMPARE(vias->size(), std::size_t(3));
        QCOMPARE(bytes((*vias)[0].host), QByteArray("server10.biloxi.com"));
        QCOMPARE(bytes((*vias)[1].host), QByteArray("bigbox3.site3.atlanta.com"));
        QCOMPARE(bytes((*vias)[2].host), QByteArray("pc33.atlanta.com"));
        QCOMPARE(bytes((*vias)[2].parameters.get("received").value_or("")),
                 QByteArray("192.0.2.1"));
        QCOMPARE(bytes(response->topVia()->branch().value_or("")), QByteArray("z9hG4bKnashds8"));
        const auto recordRoutes = response->recordRoutes();
        QVERIFY(recordRoutes.ok());
        QCOMPARE(recordRoutes->size(), std::size_t(2));
        QCOMPARE(bytes((*recordRoutes)[1].uri.host), QByteArray("bigbox3.site3.atlanta.com"));
        QCOMPARE(bytes(response->to()->tag().value_or("")), QByteArray("a6c85cf"));
        QCOMPARE(bytes(response->body()), Sdp);
    }

    void startLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("cseqMethod");
        QTest::addColumn<int>("error");
        QTest::addColumn<QByteArray>("parsed"); // method and URI, or code and reason

        QTest::newRow("invite") << QByteArray("INVITE sip:bob@biloxi.com SIP/2.0")
                                << QByteArray("INVITE") << 0
                                << QByteArray("INVITE sip:bob@biloxi.com");
        QTest::newRow("sipsRequestUri")
                << QByteArray("BYE sips:bob@[2001:db8::4]:5061 SIP/2.0") << QByteArray("BYE") << 0
                << QByteArray("BYE sips:bob@[2001:db8::4]:5061");
        QTest::newRow("lowercaseVersion")
                << QByteArray("OPTIONS sip:biloxi.com sip/2.0") << QByteArray("OPTIONS") << 0
                << QByteArray("OPTIONS sip:biloxi.com");
        QTest::newRow("extensionMethodIsToken")
                << QByteArray(
                           "!interesting-Method0123456789_*+`.%indeed'~ sip:a@example.com SIP/2.0")
                << QByteArray("!interesting-Method0123456789_*+`.%indeed'~") << 0
                << QByteArray("!interesting-Method0123456789_*+`.%indeed'~ sip:a@example.com");
        QTest::newRow("escapedMethodIsNotRegister") // RFC 4475 §3.1.1.5
                << QByteArray("RE%47IST%45R sip:registrar.example.com SIP/2.0")
                << QByteArray("RE%47IST%45R") << 0
                << QByteArray("RE%47IST%45R sip:registrar.example.com");
        QTest::newRow("otherVersion")
                << QByteArray("INVITE sip:bob@biloxi.com SIP/7.0") << QByteArray("INVITE")
                << code(SyntaxError::BadVersion) << QByteArray();
        QTest::newRow("httpVersion")
                << QByteArray("GET sip:bob@biloxi.com HTTP/1.1") << QByteArray("GET")
                << code(SyntaxError::BadVersion) << QByteArray();
        QTest::newRow("missingVersion")
                << QByteArray("INVITE sip:bob@biloxi.com") << QByteArray("INVITE")
                << code(SyntaxError::BadStartLine) << QByteArray();
        QTest::newRow("trailingSpace") // RFC 4475 §3.1.2.10
                << QByteArray("INVITE sip:bob@biloxi.com SIP/2.0 ") << QByteArray("INVITE")
                << code(SyntaxError::BadStartLine) << QByteArray();
        QTest::newRow("doubleSpace") // RFC 4475 §3.1.2.9
                << QByteArray("INVITE  sip:bob@biloxi.com SIP/2.0") << QByteArray("INVITE")
                << code(SyntaxError::BadStartLine) << QByteArray();
        QTest::newRow("leadingSpace")
                << QByteArray(" INVITE sip:bob@biloxi.com SIP/2.0") << QByteArray("INVITE")
                << code(SyntaxError::BadStartLine) << QByteArray();
        QTest::newRow("whitespaceInUri") // RFC 4475 §3.1.2.8
                << QByteArray("INVITE sip:bob@biloxi.com; lr SIP/2.0") << QByteArray("INVITE")
                << code(SyntaxError::BadStartLine) << QByteArray();
        QTest::newRow("tabSeparator")
                << QByteArray("INVITE\tsip:bob@biloxi.com SIP/2.0") << QByteArray("INVITE")
                << code(SyntaxError::BadStartLine) << QByteArray();
        QTest::newRow("methodNotToken")
                << QByteArray("INV<ITE sip:bob@biloxi.com SIP/2.0") << QByteArray("INVITE")
                << code(SyntaxError::BadMethod) << QByteArray();
        QTest::newRow("uriInAngles") // RFC 4475 §3.1.2.7
                << QByteArray("INVITE <sip:bob@biloxi.com> SIP/2.0") << QByteArray("INVITE")
                << code(SyntaxError::BadRequestUri) << QByteArray();
        QTest::newRow("uriPortTooLarge")
                << QByteArray("INVITE sip:bob@biloxi.com:99999 SIP/2.0") << QByteArray("INVITE")
                << code(SyntaxError::BadRequestUri) << QByteArray();
        // Any well-formed scheme parses; the layer above answers 416 to those it does not serve.
        QTest::newRow("telUri") << QByteArray("INVITE tel:+1-201-555-0123 SIP/2.0")
                                << QByteArray("INVITE") << 0
                                << QByteArray("INVITE tel:+1-201-555-0123");
        QTest::newRow("unknownScheme") // RFC 4475 §3.3.2
                << QByteArray("OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0")
                << QByteArray("OPTIONS") << 0
                << QByteArray("OPTIONS nobodyknowsthisscheme:totallyopaquecontent");
        QTest::newRow("novelScheme") // RFC 4475 §3.3.3
                << QByteArray("OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0")
                << QByteArray("OPTIONS") << 0 << QByteArray("OPTIONS soap.beep://192.0.2.103:3002");
        QTest::newRow("malformedOpaqueUri")
                << QByteArray("OPTIONS urn:a%zz SIP/2.0") << QByteArray("OPTIONS")
                << code(SyntaxError::BadRequestUri) << QByteArray();
        QTest::newRow("malformedTelUri")
                << QByteArray("INVITE tel:7042 SIP/2.0") << QByteArray("INVITE")
                << code(SyntaxError::BadRequestUri) << QByteArray();
        QTest::newRow("ipv6WithoutBrackets") // RFC 5118 §4.2
                << QByteArray("REGISTER sip:2001:db8::10 SIP/2.0") << QByteArray("REGISTER")
                << code(SyntaxError::BadRequestUri) << QByteArray();
        QTest::newRow("ok") << QByteArray("SIP/2.0 200 OK") << QByteArray("INVITE") << 0
                            << QByteArray("200 OK");
        QTest::newRow("emptyReason") // RFC 4475 §3.1.1.13
                << QByteArray("SIP/2.0 100 ") << QByteArray("INVITE") << 0 << QByteArray("100 ");
        QTest::newRow("reasonWithSpacesAndUtf8") // RFC 4475 §3.1.1.12
                << QByteArray("SIP/2.0 200 = 2**3 * 5**2 \xd0\xbd\xd0\xbe") << QByteArray("INVITE")
                << 0 << QByteArray("200 = 2**3 * 5**2 \xd0\xbd\xd0\xbe");
        QTest::newRow("lowestCode") << QByteArray("SIP/2.0 100 Trying") << QByteArray("INVITE") << 0
                                    << QByteArray("100 Trying");
        QTest::newRow("highestCode") << QByteArray("SIP/2.0 699 Whatever") << QByteArray("INVITE")
                                     << 0 << QByteArray("699 Whatever");
        QTest::newRow("codeBelow100") << QByteArray("SIP/2.0 099 Low") << QByteArray("INVITE")
                                      << code(SyntaxError::BadStatusCode) << QByteArray();
        QTest::newRow("codeAbove699") << QByteArray("SIP/2.0 700 High") << QByteArray("INVITE")
                                      << code(SyntaxError::BadStatusCode) << QByteArray();
        QTest::newRow("hugeCode") // RFC 4475 §3.1.2.19
                << QByteArray("SIP/2.0 4294967301 better not break the receiver")
                << QByteArray("INVITE") << code(SyntaxError::BadStatusCode) << QByteArray();
        QTest::newRow("twoDigitCode") << QByteArray("SIP/2.0 20 OK") << QByteArray("INVITE")
                                      << code(SyntaxError::BadStatusCode) << QByteArray();
        QTest::newRow("codeWithLetter") << QByteArray("SIP/2.0 2x0 OK") << QByteArray("INVITE")
                                        << code(SyntaxError::BadStatusCode) << QByteArray();
        QTest::newRow("noSpaceAfterCode") << QByteArray("SIP/2.0 200") << QByteArray("INVITE")
                                          << code(SyntaxError::BadStartLine) << QByteArray();
        QTest::newRow("versionOnly") << QByteArray("SIP/2.0") << QByteArray("INVITE")
                                     << code(SyntaxError::BadStartLine) << QByteArray();
        QTest::newRow("otherResponseVersion")
                << QByteArray("SIP/3.0 200 OK") << QByteArray("INVITE")
                << code(SyntaxError::BadVersion) << QByteArray();
    }

    void startLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, cseqMethod);
        QFETCH(int, error);
        QFETCH(QByteArray, parsed);

        const auto result
                = MessageParser::parseDatagram(view(message(line, requestHeaders(cseqMethod))));
        if (error != 0) {
            QCOMPARE(describe(result.error()), describe(static_cast<SyntaxError>(error)));
            return;
        }
        QCOMPARE(describe(result.error()), QByteArray("ok"));
        QCOMPARE(startLine(*result), parsed);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<int>("error");

        const QByteArray invite = "INVITE sip:bob@biloxi.com SIP/2.0";
        const QByteArrayList headers = requestHeaders("INVITE");
        const auto row = [&](const char *name, const QByteArrayList &h, SyntaxError error,
                             const QByteArray &body = {}) {
            QTest::newRow(name) << message(invite, h, body) << code(error);
        };

        QTest::newRow("empty") << QByteArray() << code(SyntaxError::EmptyMessage);
        QTest::newRow("onlyLineEnds")
                << QByteArray("\r\n\r\n\n") << code(SyntaxError::EmptyMessage);
        QTest::newRow("garbageBytes") << QByteArray("\x00\xff\xfe\x7f garbage\r\n\r\n", 16)
                                      << code(SyntaxError::BadStartLine);
        QTest::newRow("binaryWithoutLineEnd")
                << QByteArray("\x16\x03\x01\x02\x00\x01\x00", 7) << code(SyntaxError::BadStartLine);
        QTest::newRow("startLineWithoutLineEnd") << invite << code(SyntaxError::BadStartLine);
        QTest::newRow("strayCarriageReturnInStartLine")
                << QByteArray("INVITE sip:bob@biloxi.com\rSIP/2.0\r\n\r\n")
                << code(SyntaxError::BadStartLine);
        QTest::newRow("noBlankLine") << invite + "\r\n" + headers.join("\r\n") + "\r\n"
                                     << code(SyntaxError::BadHeaderLine);
        QTest::newRow("truncatedInHeader")
                << invite + "\r\nVia: SIP/2.0/UD" << code(SyntaxError::BadHeaderLine);
        QTest::newRow("testDatNoVersionNoColon") // RFC 4475 archive test.dat
                << QByteArray("INVITE sip:user@example.com\r\nFoobar roobar\r\n\r\n")
                << code(SyntaxError::BadStartLine);
        row("headerWithoutColon", headers + QByteArrayList{"Foobar roobar"},
            SyntaxError::BadHeaderLine);
        row("headerNameWithSpace", headers + QByteArrayList{"Max Forwards: 70"},
            SyntaxError::BadHeaderLine);
        row("emptyHeaderName", headers + QByteArrayList{": value"}, SyntaxError::BadHeaderLine);
        row("headerNameNotToken", headers + QByteArrayList{"X<Y>: value"},
            SyntaxError::BadHeaderLine);
        row("foldedFirstLine", QByteArrayList{" folded"} + headers, SyntaxError::BadHeaderLine);
        row("strayCarriageReturnInValue", headers + QByteArrayList{"Subject: a\rb"},
            SyntaxError::BadHeaderLine);
        row("contentLengthLargerThanBody", // RFC 4475 §3.1.2.2
            replaced(headers, "Content-Length", "Content-Length: 9999"), SyntaxError::BodyTooShort,
            "v=0\r\n");
        row("contentLengthOneTooMany", replaced(headers, "Content-Length", "Content-Length: 6"),
            SyntaxError::BodyTooShort, "v=0\r\n");
        row("contentLengthHuge",
            replaced(headers, "Content-Length", "Content-Length: 99999999999999999999999"),
            SyntaxError::BodyTooShort);
        row("contentLengthNegative", // RFC 4475 §3.1.2.3
            replaced(headers, "Content-Length", "Content-Length: -999"),
            SyntaxError::BadContentLength);
        row("contentLengthNotNumeric", replaced(headers, "Content-Length", "Content-Length: ten"),
            SyntaxError::BadContentLength);
        row("contentLengthTrailingText", replaced(headers, "Content-Length", "l: 5 octets"),
            SyntaxError::BadContentLength, "hello");
        row("contentLengthEmpty", replaced(headers, "Content-Length", "Content-Length:"),
            SyntaxError::BadContentLength);
        row("contentLengthHex", replaced(headers, "Content-Length", "Content-Length: 0x5"),
            SyntaxError::BadContentLength, "hello");
        row("contentLengthTwiceOneMalformed", headers + QByteArrayList{"l: five"},
            SyntaxError::BadContentLength);
        // Without Via or CSeq nobody can answer; a missing From, To or Call-ID is well formed
        // (wellFormedForTheLayerAbove).
        row("missingVia", replaced(headers, "Via", {}), SyntaxError::MissingHeader);
        row("missingCSeq", replaced(headers, "CSeq", {}), SyntaxError::MissingHeader);
        row("noHeadersAtAll", {}, SyntaxError::MissingHeader);
        row("badVia", replaced(headers, "Via", "Via: SIP/2.0/UDP 192.0.2.15;;,;,,"),
            SyntaxError::BadVia);
        row("badSecondVia", headers + QByteArrayList{"v: SIP/2.0/UDP h.example.com:0"},
            SyntaxError::BadVia);
        row("unterminatedQuoteInTo", // RFC 4475 §3.1.2.6
            replaced(headers, "To", "To: \"Mr. J. User <sip:j.user@example.com>"),
            SyntaxError::BadNameAddr);
        row("secondFromMalformed", headers + QByteArrayList{"f: \"x <sip:x@example.com>"},
            SyntaxError::BadNameAddr);
        row("secondCallIdMalformed", headers + QByteArrayList{"i: a b"},
            SyntaxError::BadHeaderValue);
        row("contactAddrSpecWithHeaders", // RFC 4475 §3.1.2.13
            headers
                    + QByteArrayList{"Contact: "
                                     "sip:user@example.com?Route=%3Csip:sip.example.com%3E"},
            SyntaxError::BadNameAddr);
        row("contactStrayParameterSeparators", // RFC 4475 §3.1.2.1
            headers + QByteArrayList{"Contact: \"Joe\" <sip:joe@example.org>;;;;"},
            SyntaxError::BadNameAddr);
        row("contactStarAmongOthers", headers + QByteArrayList{"Contact: *, <sip:a@example.com>"},
            SyntaxError::BadNameAddr);
        row("contactEmpty", headers + QByteArrayList{"Contact:"}, SyntaxError::BadNameAddr);
        row("routeMalformed", headers + QByteArrayList{"Route: <sip:p1.example.com;lr>, <sip:p2"},
            SyntaxError::BadNameAddr);
        row("recordRouteMalformed", headers + QByteArrayList{"Record-Route: sip:a b"},
            SyntaxError::BadNameAddr);
        row("secondCSeqMismatched", headers + QByteArrayList{"CSeq: 314160 BYE"},
            SyntaxError::BadCSeq);
        row("cseqBeyond32Bits", // RFC 4475 §3.1.2.4
            replaced(headers, "CSeq", "CSeq: 36893488147419103232 INVITE"), SyntaxError::BadCSeq);
        row("cseqMethodMismatch", replaced(headers, "CSeq", "CSeq: 1 OPTIONS"),
            SyntaxError::BadCSeq);
        row("cseqMethodCaseMismatch", replaced(headers, "CSeq", "CSeq: 1 invite"),
            SyntaxError::BadCSeq);
        QTest::newRow("ackWithInviteCSeq")
                << message("ACK sip:bob@biloxi.com SIP/2.0", requestHeaders("INVITE"))
                << code(SyntaxError::BadCSeq);
        // A response must be usable as it is: nobody answers it, it is dropped.
        QTest::newRow("responseMissingCallId")
                << message("SIP/2.0 180 Ringing", replaced(headers, "Call-ID", {}))
                << code(SyntaxError::MissingHeader);
        QTest::newRow("responseMissingFrom")
                << message("SIP/2.0 180 Ringing", replaced(headers, "From", {}))
                << code(SyntaxError::MissingHeader);
        QTest::newRow("responseTwoTos")
                << message("SIP/2.0 200 OK", headers + QByteArrayList{"t: <sip:eve@example.com>"})
                << code(SyntaxError::BadNameAddr);
        QTest::newRow("responseTwoCallIds")
                << message("SIP/2.0 200 OK", headers + QByteArrayList{"i: x@example.com"})
                << code(SyntaxError::BadHeaderValue);
        QTest::newRow("responseBadRecordRoute")
                << message("SIP/2.0 200 OK", headers + QByteArrayList{"Record-Route: <sip:a"})
                << code(SyntaxError::BadNameAddr);
        QTest::newRow("responseHugeCSeq") // RFC 4475 §3.1.2.5
                << message("SIP/2.0 503 Service Unavailable",
                           replaced(headers, "CSeq", "CSeq: 9292394834772304023312 OPTIONS"))
                << code(SyntaxError::BadCSeq);
        QTest::newRow("tooLarge") << withBody(headers, QByteArray(70000, 'x'))
                                  << code(SyntaxError::MessageTooLarge);
    }

    void malformed()
    {
        QFETCH(QByteArray, datagram);
        QFETCH(int, error);
        const auto result = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(result.error()), describe(static_cast<SyntaxError>(error)));
    }

    void wellFormedForTheLayerAbove_data()
    {
        QTest::addColumn<QByteArray>("datagram");

        // Well formed, so the parser accepts them; MessageValidator answers 400, 416 or nothing
        // (RFC 4475 §3.3; tst_messagevalidator has the answers).
        const QByteArray invite = "INVITE sip:bob@biloxi.com SIP/2.0";
        const QByteArrayList headers = requestHeaders("INVITE");
        QTest::newRow("missingFrom") << message(invite, replaced(headers, "From", {}));
        QTest::newRow("missingTo") << message(invite, replaced(headers, "To", {}));
        QTest::newRow("missingCallId") << message(invite, replaced(headers, "Call-ID", {}));
        QTest::newRow("missingToFromCallId") // RFC 4475 §3.3.1
                << message(invite, replaced(replaced(replaced(headers, "To", {}), "From", {}),
                                            "Call-ID", {}));
        QTest::newRow("twoCallIds") // RFC 4475 §3.3.8
                << message(invite, headers + QByteArrayList{"i: other@pc33.atlanta.com"});
        QTest::newRow("twoTos") << message(invite,
                                           headers + QByteArrayList{"t: <sip:eve@example.com>"});
        QTest::newRow("twoCSeqsSameMethod")
                << message(invite, headers + QByteArrayList{"CSeq: 59 INVITE"});
        QTest::newRow("fromWithHttpUri") // RFC 4475 §3.3.4
                << message(invite,
                           replaced(headers, "From", "From: <http://www.example.com>;tag=1"));
        QTest::newRow("toWithTelUri")
                << message(invite, replaced(headers, "To", "To: <tel:+1-201-555-0123>"));
        QTest::newRow("contactStar")
                << message("REGISTER sip:biloxi.com SIP/2.0",
                           replaced(requestHeaders("REGISTER"), "Max-Forwards", "Contact: *"));
        QTest::newRow("contentLengthTwiceConflicting") // RFC 4475 §3.3.9
                << message(invite, headers + QByteArrayList{"l: 5"}, "hello, world");
        QTest::newRow("requestUriHeaders") // RFC 4475 §3.1.2.11
                << message("INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0",
                           headers);
        QTest::newRow("maxForwardsOutOfRange") // RFC 4475 §3.1.2.4: may be treated as absent
                << message(invite, replaced(headers, "Max-Forwards", "Max-Forwards: 300000000000"));
    }

    void wellFormedForTheLayerAbove()
    {
        QFETCH(QByteArray, datagram);
        const auto result = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(result.error()), QByteArray("ok"));
        QVERIFY(std::holds_alternative<Request>(*result));
        // What the parser accepts, it writes back in a form it accepts again.
        const auto again = MessageParser::parseDatagram(serialize(*result));
        QCOMPARE(describe(again.error()), QByteArray("ok"));
        QCOMPARE(bytes(serialize(*again)), bytes(serialize(*result)));
    }

    void sizeLimit()
    {
        const QByteArrayList headers
                = replaced(requestHeaders("INVITE"), "Content-Length", "Content-Length: 00000");
        const qsizetype overhead = message("INVITE sip:bob@biloxi.com SIP/2.0", headers).size();
        const qsizetype bodySize = qsizetype(MessageParser::MaxMessageSize) - overhead;
        const QByteArrayList sized = replaced(
                headers, "Content-Length",
                "Content-Length: " + QByteArray::number(bodySize).rightJustified(5, '0'));
        const QByteArray largest
                = message("INVITE sip:bob@biloxi.com SIP/2.0", sized, QByteArray(bodySize, 'x'));
        QCOMPARE(largest.size(), qsizetype(MessageParser::MaxMessageSize));
        const auto accepted = MessageParser::parseDatagram(view(largest));
        QCOMPARE(describe(accepted.error()), QByteArray("ok"));
        QCOMPARE(qsizetype(base(*accepted).body().size()), bodySize);

        const auto rejected = MessageParser::parseDatagram(view(largest + 'x'));
        QCOMPARE(describe(rejected.error()), describe(SyntaxError::MessageTooLarge));
    }

    void structureLimits_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<int>("error"); // 0: accepted
        const QByteArray start = "INVITE sip:bob@biloxi.com SIP/2.0";
        const QByteArrayList headers = requestHeaders("INVITE");
        auto withExtra = [&](qsizetype count, const QByteArray &line) {
            QByteArrayList all = headers;
            for (qsizetype i = 0; i < count; ++i)
                all.append(line);
            return message(start, all);
        };
        const qsizetype room = qsizetype(MessageParser::MaxHeaderFields) - headers.size();
        QTest::newRow("most header fields") << withExtra(room, "X-A: 1") << 0;
        QTest::newRow("one field too many")
                << withExtra(room + 1, "X-A: 1") << code(SyntaxError::TooManyHeaders);
        const qsizetype prefix = QByteArray("X-Long: ").size();
        const qsizetype longest = qsizetype(MessageParser::MaxLineLength);
        QTest::newRow("longest line")
                << withExtra(1, "X-Long: " + QByteArray(longest - prefix, 'a')) << 0;
        QTest::newRow("line too long") << withExtra(1, "X-Long: " + QByteArray(longest, 'a'))
                                       << code(SyntaxError::LineTooLong);
        QTest::newRow("folded line too long")
                << withExtra(1, "X-Long: " + QByteArray(longest / 2, 'a') + "\r\n "
                                        + QByteArray(longest / 2, 'b'))
                << code(SyntaxError::LineTooLong);
        QByteArray params;
        for (int i = 0; i <= int(ParametersView::MaxParameters); ++i)
            params += ";p" + QByteArray::number(i);
        QTest::newRow("too many Via parameters") << message(
                start, replaced(headers, "Via",
                                "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKx" + params))
                                                 << code(SyntaxError::TooManyParameters);
        QTest::newRow("too many Request-URI parameters")
                << message("INVITE sip:bob@biloxi.com" + params + " SIP/2.0", headers)
                << code(SyntaxError::TooManyParameters);
        // A limit hit in a header that does not decide acceptance is kept on that field.
        QTest::newRow("deep comment in User-Agent")
                << withExtra(1, "User-Agent: x ((((((((((deep))))))))))") << 0;
    }

    void structureLimits()
    {
        QFETCH(QByteArray, datagram);
        QFETCH(int, error);
        const auto parsed = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(parsed.error()),
                 error ? describe(static_cast<SyntaxError>(error)) : QByteArray("ok"));
    }

    void limitKeptOnTheField()
    {
        QByteArrayList headers = requestHeaders("OPTIONS");
        headers.append("User-Agent: x ((((((((((deep))))))))))");
        const auto parsed = MessageParser::parseDatagram(
                view(message("OPTIONS sip:bob@biloxi.com SIP/2.0", headers)));
        QVERIFY(parsed.ok());
        const HeaderField &field = base(*parsed).headerFields().back();
        QCOMPARE(int(field.id), int(HeaderId::UserAgent));
        QCOMPARE(describe(field.error), describe(SyntaxError::NestingTooDeep));
    }

    void reusedMessage()
    {
        // One message object parsed into again and again, requests and responses mixed: each
        // parse leaves exactly what the datagram holds, nothing of the one before.
        const QByteArray invite
                = message("INVITE sip:bob@biloxi.com SIP/2.0", requestHeaders("INVITE"));
        QByteArrayList okHeaders = replaced(requestHeaders("INVITE"), "Max-Forwards", "");
        okHeaders.append("Contact: <sip:bob@192.0.2.4>");
        const QByteArray ok = message("SIP/2.0 200 OK", okHeaders);
        const QByteArray options
                = message("OPTIONS sip:carol@chicago.com SIP/2.0", requestHeaders("OPTIONS"));
        SipMessageVariant reused;
        for (int round = 0; round < 3; ++round) {
            QVERIFY(!MessageParser::parseDatagram(view(invite), reused));
            QCOMPARE(bytes(std::get<Request>(reused).requestUriView().text),
                     QByteArray("sip:bob@biloxi.com"));
            QCOMPARE(std::get<Request>(reused).headerFields().size(), std::size_t(7));
            QVERIFY(!MessageParser::parseDatagram(view(ok), reused));
            QCOMPARE(std::get<Response>(reused).statusCode, 200);
            QCOMPARE(bytes(std::get<Response>(reused).contacts()->front().uri.host),
                     QByteArray("192.0.2.4"));
            QVERIFY(!MessageParser::parseDatagram(view(options), reused));
            QCOMPARE(bytes(std::get<Request>(reused).method), QByteArray("OPTIONS"));
            QCOMPARE(std::get<Request>(reused).cseqView().value()->sequence, 314159u);
            QVERIFY(!std::get<Request>(reused).hasHeader(HeaderId::Contact));
            QVERIFY(MessageParser::parseDatagram("garbage\r\n\r\n", reused));
        }
    }

    void bodyFraming_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<QByteArray>("body");

        const QByteArray invite = "INVITE sip:bob@biloxi.com SIP/2.0";
        const QByteArrayList headers = requestHeaders("INVITE");
        QTest::newRow("zeroLength") << message(invite, headers) << QByteArray();
        QTest::newRow("trailingOctetsIgnored") // RFC 4475 §3.1.1.8
                << message(invite, replaced(headers, "Content-Length", "l: 5"), "hello, world")
                << QByteArray("hello");
        QTest::newRow("secondMessageIgnored")
                << message(invite, headers, message(invite, headers)) << QByteArray();
        QTest::newRow("withoutContentLengthRestIsBody")
                << message(invite, replaced(headers, "Content-Length", {}), "v=0\r\nrest")
                << QByteArray("v=0\r\nrest");
        QTest::newRow("leadingZeros") << message(
                invite, replaced(headers, "Content-Length", "Content-Length: 0004"), "abcdef")
                                      << QByteArray("abcd");
        static const char raw[] = "--b\r\n\x00\x01\n\r\xff\xfe--b--\n";
        const QByteArray binary(raw, sizeof raw - 1); // the NULs are part of the body
        QTest::newRow("binaryWithBareLineFeeds")      // RFC 4475 §3.1.1.11
                << withBody(headers, binary) << binary;
        QTest::newRow("bodyOfBlankLines")
                << withBody(headers, "\r\n\r\n") << QByteArray("\r\n\r\n");
        // Several lengths: agreeing ones frame the body; conflicting ones leave the datagram to
        // frame it, and MessageValidator answers 400 (RFC 4475 §3.3.9).
        QTest::newRow("repeatedAgreeingLengths") << message(
                invite,
                replaced(headers, "Content-Length", "Content-Length: 5") + QByteArrayList{"l: 005"},
                "hello, world") << QByteArray("hello");
        QTest::newRow("conflictingLengthsRestIsBody") << message(
                invite,
                replaced(headers, "Content-Length", "Content-Length: 13") + QByteArrayList{"l: 5"},
                "hello, world") << QByteArray("hello, world");
    }

    void bodyFraming()
    {
        QFETCH(QByteArray, datagram);
        QFETCH(QByteArray, body);
        const auto result = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(result.error()), QByteArray("ok"));
        QCOMPARE(bytes(base(*result).body()), body);
    }

    void lineEnds()
    {
        QByteArray crlf = withBody(requestHeaders("INVITE"), "a\r\nb");
        QByteArray lf = crlf;
        lf.replace("\r\n", "\n");
        lf.replace("a\nb", "a\r\nb"); // the body keeps its own octets
        QByteArray mixed = crlf;
        mixed.replace("70\r\n", "70\n");
        const QByteArray leading = "\r\n\r\n" + crlf; // RFC 3261 §7.5

        for (const QByteArray &datagram : {crlf, lf, mixed, leading}) {
            const auto result = MessageParser::parseDatagram(view(datagram));
            QCOMPARE(describe(result.error()), QByteArray("ok"));
            QCOMPARE(base(*result).headerFields().size(), std::size_t(7));
            QCOMPARE(bytes(base(*result).header("Max-Forwards").value_or("")), QByteArray("70"));
            QCOMPARE(bytes(base(*result).body()), QByteArray("a\r\nb"));
        }
    }

    void foldingAndWhitespace()
    {
        const QByteArray datagram
                = "OPTIONS sip:bob@biloxi.com SIP/2.0\r\n"
                  "Via  : SIP  /   2.0\r\n"
                  " /UDP\r\n"
                  "    192.0.2.2;branch=z9hG4bK390skdjuw\r\n"
                  "TO :\r\n"
                  " sip:bob@biloxi.com ;   tag    = 1918181833n\r\n"
                  "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n"
                  "  ;\r\n"
                  "  tag = 98asjd8\r\n"
                  "MaX-fOrWaRdS: 0068\r\n"
                  "Call-ID:wsinv.ndaksdj@192.0.2.1\r\n"
                  "cseq: 0009\r\n"
                  "  OPTIONS\r\n"
                  "Subject: I know you're there,\r\n"
                  " pick up the phone\r\n"
                  "\t and talk to me!\r\n"
                  "s :\r\n"
                  "Route:\r\n"
                  " <sip:services.example.com;lr;unknownwith=value;unknown-no-value>\r\n"
                  "UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n"
                  "Content-Length   : 0\r\n"
                  "\r\n";
        const auto result = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(result.error()), QByteArray("ok"));
        const SipMessage &m = base(*result);
        QCOMPARE(bytes(m.header("Via").value_or("")),
                 QByteArray("SIP  /   2.0 /UDP 192.0.2.2;branch=z9hG4bK390skdjuw"));
        QCOMPARE(bytes(m.topVia()->host), QByteArray("192.0.2.2"));
        QCOMPARE(bytes(m.to()->tag().value_or("")), QByteArray("1918181833n"));
        QCOMPARE(bytes(m.from()->displayName), QByteArray("J Rosenberg \\\""));
        QCOMPARE(bytes(m.from()->tag().value_or("")), QByteArray("98asjd8"));
        QCOMPARE(m.maxForwards().value(), 68u);
        QCOMPARE(bytes(m.callId().value()), QByteArray("wsinv.ndaksdj@192.0.2.1"));
        QVERIFY(m.cseq().value() == (CSeq{.sequence = 9, .method = "OPTIONS"}));
        QCOMPARE(bytes(m.header("Subject").value_or("")),
                 QByteArray("I know you're there, pick up the phone and talk to me!"));
        QCOMPARE(m.headerValues("Subject").size(), std::size_t(1)); // the empty "s :" adds none
        QCOMPARE(bytes(m.routes()->front().uri.toString()),
                 QByteArray("sip:services.example.com;lr;unknownwith=value;unknown-no-value"));
        QCOMPARE(bytes(m.header("UnknownHeaderWithUnusualValue").value_or("")),
                 QByteArray(";;,,;;,;"));
        // names are kept as received
        QCOMPARE(bytes(m.headerFields()[1].name), QByteArray("TO"));
        QCOMPARE(bytes(m.headerFields()[4].name), QByteArray("Call-ID"));
    }

    void compactNames()
    {
        const QByteArray datagram = "SIP/2.0 180 Ringing\r\n"
                                    "v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
                                    "T: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n"
                                    "f: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
                                    "i: a84b4c76e66710@pc33.atlanta.com\r\n"
                                    "CSeq: 314159 INVITE\r\n"
                                    "m: <sip:bob@192.0.2.4>\r\n"
                                    "k: 100rel, timer\r\n"
                                    "c: text/plain\r\n"
                                    "l: 2\r\n"
                                    "\r\n"
                                    "hi";
        const auto result = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(result.error()), QByteArray("ok"));
        const SipMessage &m = base(*result);
        QCOMPARE(bytes(m.topVia()->host), QByteArray("pc33.atlanta.com"));
        QCOMPARE(bytes(m.to()->tag().value_or("")), QByteArray("a6c85cf"));
        QCOMPARE(bytes(m.from()->tag().value_or("")), QByteArray("1928301774"));
        QCOMPARE(bytes(m.callId().value()), QByteArray("a84b4c76e66710@pc33.atlanta.com"));
        QCOMPARE(m.contacts()->size(), std::size_t(1));
        QCOMPARE(m.headerValues("Supported").size(), std::size_t(2));
        QVERIFY(m.listsValue("Supported", "TIMER")); // the compact k, compared ignoring case
        QVERIFY(!m.listsValue("Supported", "replaces"));
        QCOMPARE(bytes(m.header("Content-Type").value_or("")), QByteArray("text/plain"));
        QCOMPARE(bytes(m.body()), QByteArray("hi"));
        QCOMPARE(bytes(m.headerFields()[0].name), QByteArray("v"));

        // Serialization keeps the compact names and rewrites "l" in place.
        const std::string text = serialize(*result);
        QVERIFY(text.find("\r\nl: 2\r\n\r\nhi") != std::string::npos);
        QVERIFY(text.find("Content-Length") == std::string::npos);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("datagram");

        const QByteArrayList headers = requestHeaders("INVITE");
        QTest::newRow("inviteWithSdp") << realisticInvite();
        QTest::newRow("okWithThreeVias") << okWithThreeVias();
        QTest::newRow("trying") << message("SIP/2.0 100 Trying", headers);
        QTest::newRow("ringingCompactNames") << message(
                "SIP/2.0 180 Ringing",
                {"v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
                 "t: <sip:bob@biloxi.com>;tag=8321234356", "f: sip:alice@atlanta.com;tag=1",
                 "i: a84b4c76e66710", "CSeq: 1 INVITE", "l: 0"});
        QTest::newRow("movedTemporarily") << message(
                "SIP/2.0 302 Moved Temporarily",
                headers
                        + QByteArrayList{"Contact: <sip:bob@chicago.example.com>;expires=60, "
                                         "<sips:bob@[2001:db8::7]:5061>;q=0.5"});
        QTest::newRow("busyHere") << message("SIP/2.0 486 Busy Here", headers);
        QTest::newRow("requestTerminated") << message("SIP/2.0 487 Request Terminated", headers);
        QTest::newRow("serverError") << message("SIP/2.0 503 Service Unavailable",
                                                headers + QByteArrayList{"Retry-After: 30"});
        QTest::newRow("decline") << message("SIP/2.0 603 Decline", headers);
        QTest::newRow("ack") << message("ACK sip:bob@192.0.2.4 SIP/2.0",
                                        replaced(headers, "CSeq", "CSeq: 314159 ACK")
                                                + QByteArrayList{"Route: <sip:p1.example.com;lr>"});
        QTest::newRow("cancel") << message("CANCEL sip:bob@biloxi.com SIP/2.0",
                                           replaced(headers, "CSeq", "CSeq: 314159 CANCEL"));
        QTest::newRow("bye") << message("BYE sip:alice@pc33.atlanta.com SIP/2.0",
                                        replaced(headers, "CSeq", "CSeq: 231 BYE"));
        QTest::newRow("options") << message("OPTIONS sip:carol@chicago.com SIP/2.0",
                                            replaced(headers, "CSeq", "CSeq: 63104 OPTIONS")
                                                    + QByteArrayList{"Accept: application/sdp"});
        QTest::newRow("authorization") << message(
                "INVITE sip:bob@biloxi.com SIP/2.0",
                headers
                        + QByteArrayList{"Proxy-Authorization: Digest username=\"alice\", "
                                         "realm=\"atlanta.com\", "
                                         "nonce=\"wf84f1ceczx41ae6cbe5aea9c8e88d359\", "
                                         "uri=\"sip:bob@biloxi.com\", "
                                         "response=\"42ce3cef44b22f50c6a6071bc8\""});
    }

    void roundTrip()
    {
        QFETCH(QByteArray, datagram);
        const auto first = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(first.error()), QByteArray("ok"));
        const std::string text = serialize(*first);
        const auto second = MessageParser::parseDatagram(text);
        QCOMPARE(describe(second.error()), QByteArray("ok"));

        QCOMPARE(first->index(), second->index());
        QCOMPARE(startLine(*second), startLine(*first));
        QCOMPARE(fields(base(*second)), fields(base(*first)));
        QCOMPARE(bytes(base(*second).body()), bytes(base(*first).body()));
        QCOMPARE(bytes(serialize(*second)), bytes(text));
        // These inputs are already canonical, so serialization reproduces them octet for octet.
        QCOMPARE(bytes(text), datagram);
    }

    void serializeAddsMissingContentLength()
    {
        const QByteArray datagram = message(
                "BYE sip:alice@pc33.atlanta.com SIP/2.0",
                replaced(replaced(requestHeaders("BYE"), "Content-Length", {}), "Max-Forwards", {}),
                "xyz");
        const auto first = MessageParser::parseDatagram(view(datagram));
        QCOMPARE(describe(first.error()), QByteArray("ok"));
        QCOMPARE(describe(base(*first).maxForwards().error()),
                 describe(SyntaxError::MissingHeader));
        const std::string text = serialize(*first);
        QVERIFY(text.ends_with("CSeq: 314159 BYE\r\nContent-Length: 3\r\n\r\nxyz"));
        const auto second = MessageParser::parseDatagram(text);
        QVERIFY(second.ok());
        QCOMPARE(bytes(base(*second).body()), QByteArray("xyz"));
    }

    void everyTruncationIsRejected()
    {
        // A message with a body can never be complete before its last octet, and no prefix may
        // be read beyond its end (run under the debug-asan preset to check the latter).
        for (const QByteArray &datagram : {realisticInvite(), okWithThreeVias()}) {
            for (qsizetype size = 0; size < datagram.size(); ++size) {
                const QByteArray prefix = datagram.left(size); // its own allocation
                const auto result = MessageParser::parseDatagram(view(prefix));
                if (result.ok())
                    QFAIL(qPrintable(QStringLiteral("prefix of %1 octets accepted").arg(size)));
            }
            QVERIFY(MessageParser::parseDatagram(view(datagram)).ok());
        }
    }

    void corruptedOctetsNeverCrash()
    {
        // Every octet of a realistic INVITE replaced by each of a few hostile values: the parser
        // must answer (accept or reject) and an accepted message must serialize and parse again.
        const QByteArray original = realisticInvite();
        const char replacements[] = {'\0', '\r', '\n', ' ', ':', ';', ',', '<',    '>',
                                     '"',  '\\', '[',  ']', '%', '@', '/', '\x7f', '\xff'};
        int accepted = 0;
        for (qsizetype i = 0; i < original.size(); ++i) {
            for (const char replacement : replacements) {
                QByteArray datagram = original;
                datagram[i] = replacement;
                const auto result = MessageParser::parseDatagram(view(datagram));
                if (!result.ok())
                    continue;
                ++accepted;
                const auto again = MessageParser::parseDatagram(serialize(*result));
                if (!again.ok())
                    QFAIL(qPrintable(QStringLiteral("octet %1 = %2: serialized form rejected")
                                             .arg(i)
                                             .arg(int(replacement))));
            }
        }
        QVERIFY(accepted > 0); // body octets at least are free to change
    }

    void errorCategory()
    {
        QCOMPARE(QByteArray(syntaxCategory().name()), QByteArray("sipcore.syntax"));
        const std::error_code error = SyntaxError::BadUri;
        QVERIFY(error == SyntaxError::BadUri);
        QVERIFY(error != SyntaxError::BadVia);
        QVERIFY(&error.category() == &syntaxCategory());

        std::set<std::string> messages;
        const std::string unknown = syntaxCategory().message(0);
        for (int value = code(SyntaxError::EmptyMessage); value <= code(SyntaxError::TooManyParts);
             ++value) { // the last enumerator
            const std::string text = make_error_code(static_cast<SyntaxError>(value)).message();
            QVERIFY2(!text.empty(), qPrintable(QString::number(value)));
            QVERIFY2(text != unknown, qPrintable(QString::number(value)));
            QVERIFY2(messages.insert(text).second, text.c_str());
        }
        QCOMPARE(messages.size(), std::size_t(code(SyntaxError::TooManyParts)));
        QVERIFY(!syntaxCategory().message(9999).empty());
    }
};

QTEST_GUILESS_MAIN(tst_MessageParser)
#include "tst_messageparser.moc"
