// Covers the header value shapes: Parameters (parse with whitespace and quoted values, flags,
// set/get/remove, case-insensitive names, malformed lists), NameAddr (quoted and token display
// names, bare <uri>, addr-spec whose parameters belong to the header, canonical toString and
// round trip, unquoted commas, unterminated quotes, tel and other schemes carried as URIs),
// Via (LWS around '/' and ':',
// IPv6, rport/received/branch, transport case, magic cookie, malformed sent-protocol and
// sent-by) and CSeq (32-bit limit, LWS, malformed).
#include "sipcore/syntax/cseq.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/syntax/via.h"

#include "support/qtconvert.h"

#include <QTest>

using namespace sipcore;
using namespace sipcore::test;

namespace {

QByteArray parametersText(const Parameters &parameters)
{
    std::string out;
    parameters.appendTo(out);
    return bytes(out);
}

int code(SyntaxError error)
{
    return static_cast<int>(error);
}

} // namespace

class tst_HeaderValues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Parameters

    void parametersParse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QByteArray>("canonical");

        QTest::newRow("empty") << QByteArray() << true << QByteArray();
        QTest::newRow("valuesAndFlag")
                << QByteArray("a=1;lr;b=x") << true << QByteArray(";a=1;lr;b=x");
        QTest::newRow("whitespaceAroundSeparators") << QByteArray("  tag = 1918 ;\tlr ; q= 0.33 ")
                                                    << true << QByteArray(";tag=1918;lr;q=0.33");
        QTest::newRow("quotedValueWithSeparators")
                << QByteArray("methods=\"INVITE;BYE, \\\"x\\\"\";lr") << true
                << QByteArray(";methods=\"INVITE;BYE, \\\"x\\\"\";lr");
        QTest::newRow("ipv6Value") << QByteArray("received=[2001:db8::9:1]") << true
                                   << QByteArray(";received=[2001:db8::9:1]");
        QTest::newRow("tokenPunctuation") << QByteArray("tag=_token~1'+`*%!-.") << true
                                          << QByteArray(";tag=_token~1'+`*%!-.");
        QTest::newRow("loneSemicolon") << QByteArray(";") << false << QByteArray();
        QTest::newRow("doubleSemicolon") << QByteArray("a;;b") << false << QByteArray();
        QTest::newRow("trailingSemicolon") << QByteArray("a=1;") << false << QByteArray();
        QTest::newRow("emptyValue") << QByteArray("a=") << false << QByteArray();
        QTest::newRow("emptyValueBeforeNext") << QByteArray("a=;b") << false << QByteArray();
        QTest::newRow("emptyName") << QByteArray("=1") << false << QByteArray();
        QTest::newRow("unterminatedQuote") << QByteArray("a=\"open") << false << QByteArray();
        QTest::newRow("escapeAtEndOfQuote") << QByteArray("a=\"open\\") << false << QByteArray();
        QTest::newRow("twoWordsInValue") << QByteArray("a=1 2") << false << QByteArray();
        QTest::newRow("comma") << QByteArray("a=1,b=2") << false << QByteArray();
        QTest::newRow("nul") << QByteArray("a=1\0", 4) << false << QByteArray();
    }

    void parametersParse()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QFETCH(QByteArray, canonical);

        Parameters parameters;
        parameters.set("old", "kept-on-failure");
        QCOMPARE(parameters.parse(view(text)), valid);
        if (!valid) {
            QCOMPARE(parametersText(parameters), QByteArray(";old=kept-on-failure"));
            return;
        }
        QCOMPARE(parametersText(parameters), canonical);
        Parameters again;
        QVERIFY(again.parse(view(canonical).substr(canonical.isEmpty() ? 0 : 1)));
        QVERIFY(again == parameters);
    }

    void parametersEdit()
    {
        Parameters parameters;
        QVERIFY(parameters.empty());
        parameters.set("Tag", "a");
        parameters.set("lr");
        parameters.set("tag", "b"); // replaces the first, case-insensitively
        QCOMPARE(parametersText(parameters), QByteArray(";Tag=b;lr"));
        QVERIFY(parameters.has("TAG"));
        QVERIFY(parameters.has("LR"));
        QVERIFY(!parameters.get("lr"));
        QCOMPARE(bytes(parameters.get("tag").value_or("<none>")), QByteArray("b"));
        QVERIFY(!parameters.has("branch"));
        QVERIFY(!parameters.get("branch"));

        QVERIFY(parameters.parse("x=1;X=2;y"));
        QCOMPARE(bytes(parameters.get("x").value_or("<none>")), QByteArray("1")); // first wins
        parameters.remove("x");
        QCOMPARE(parametersText(parameters), QByteArray(";y"));
        parameters.remove("y");
        QVERIFY(parameters.empty());
    }

    // NameAddr

    void nameAddrParse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("displayName");
        QTest::addColumn<QByteArray>("uri");
        QTest::addColumn<QByteArray>("parameters");
        QTest::addColumn<QByteArray>("canonical");

        QTest::newRow("quotedNameWithEscapes")
                << QByteArray("\"Quoted \\\"Name\\\"\" <sip:a@b.example.com;lr>;tag=xyz")
                << QByteArray("Quoted \"Name\"") << QByteArray("sip:a@b.example.com;lr")
                << QByteArray(";tag=xyz")
                << QByteArray("\"Quoted \\\"Name\\\"\" <sip:a@b.example.com;lr>;tag=xyz");
        QTest::newRow("tokenName")
                << QByteArray("Name Tokens <sip:bob@biloxi.com>") << QByteArray("Name Tokens")
                << QByteArray("sip:bob@biloxi.com") << QByteArray()
                << QByteArray("\"Name Tokens\" <sip:bob@biloxi.com>");
        QTest::newRow("tokenNameWhitespaceCollapsed")
                << QByteArray("Bob  \t Smith<sip:bob@biloxi.com>") << QByteArray("Bob Smith")
                << QByteArray("sip:bob@biloxi.com") << QByteArray()
                << QByteArray("\"Bob Smith\" <sip:bob@biloxi.com>");
        QTest::newRow("angleBracketsOnly")
                << QByteArray("<sip:bob@biloxi.com>;tag=a6c85cf") << QByteArray()
                << QByteArray("sip:bob@biloxi.com") << QByteArray(";tag=a6c85cf")
                << QByteArray("<sip:bob@biloxi.com>;tag=a6c85cf");
        QTest::newRow("addrSpecParametersBelongToHeader") // RFC 3261 §20.10
                << QByteArray("sip:a@b.example.com;tag=x") << QByteArray()
                << QByteArray("sip:a@b.example.com") << QByteArray(";tag=x")
                << QByteArray("<sip:a@b.example.com>;tag=x");
        QTest::newRow("addrSpecWithPortAndLws") // RFC 4475 §3.1.1.1 To
                << QByteArray(" sip:vivekg@chair-dnrc.example.com:5060 ;   tag    = 1918181833n")
                << QByteArray() << QByteArray("sip:vivekg@chair-dnrc.example.com:5060")
                << QByteArray(";tag=1918181833n")
                << QByteArray("<sip:vivekg@chair-dnrc.example.com:5060>;tag=1918181833n");
        QTest::newRow("angleParametersBelongToUri") // RFC 4475 §3.3.13
                << QByteArray("<sip:+19725552222@gw1.example.net;unknownparam>") << QByteArray()
                << QByteArray("sip:+19725552222@gw1.example.net;unknownparam") << QByteArray()
                << QByteArray("<sip:+19725552222@gw1.example.net;unknownparam>");
        QTest::newRow("noSpaceBeforeAngle") // RFC 4475 §3.1.1.6
                << QByteArray("\"caller\"<sip:caller@example.com>;tag=323") << QByteArray("caller")
                << QByteArray("sip:caller@example.com") << QByteArray(";tag=323")
                << QByteArray("\"caller\" <sip:caller@example.com>;tag=323");
        QTest::newRow("lwsAroundParameters")
                << QByteArray("<sip:a@b.example.com> ; tag = 1 ;expires=60") << QByteArray()
                << QByteArray("sip:a@b.example.com") << QByteArray(";tag=1;expires=60")
                << QByteArray("<sip:a@b.example.com>;tag=1;expires=60");
        QTest::newRow("emptyQuotedName") << QByteArray("\"\" <sip:a@b.example.com>") << QByteArray()
                                         << QByteArray("sip:a@b.example.com") << QByteArray()
                                         << QByteArray("<sip:a@b.example.com>");
        QTest::newRow("utf8QuotedName")
                << QByteArray("\"J\xc3\xb6rg\" <sips:j@example.com>") << QByteArray("J\xc3\xb6rg")
                << QByteArray("sips:j@example.com") << QByteArray()
                << QByteArray("\"J\xc3\xb6rg\" <sips:j@example.com>");
        QTest::newRow("commaInsideQuotes")
                << QByteArray("\"Bell, Alexander\" <sip:a.g.bell@bell-tel.com>")
                << QByteArray("Bell, Alexander") << QByteArray("sip:a.g.bell@bell-tel.com")
                << QByteArray() << QByteArray("\"Bell, Alexander\" <sip:a.g.bell@bell-tel.com>");
        QTest::newRow("uriHeadersInsideAngles") // RFC 4475 §3.3.14
                << QByteArray("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>")
                << QByteArray()
                << QByteArray("sip:user@example.com?Route=%3Csip:sip.example.com%3E")
                << QByteArray()
                << QByteArray("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>");
        // Other schemes (absoluteURI) are well formed in a name-addr (RFC 4475 §3.3.4).
        QTest::newRow("httpInAngles")
                << QByteArray("<http://www.example.com>;tag=3234233") << QByteArray()
                << QByteArray("http://www.example.com") << QByteArray(";tag=3234233")
                << QByteArray("<http://www.example.com>;tag=3234233");
        QTest::newRow("isbnAddrSpec")
                << QByteArray("isbn:2983792873") << QByteArray() << QByteArray("isbn:2983792873")
                << QByteArray() << QByteArray("<isbn:2983792873>");
        QTest::newRow("telAddrSpecParametersBelongToHeader")
                << QByteArray("tel:+1-201-555-0123;tag=9") << QByteArray()
                << QByteArray("tel:+1-201-555-0123") << QByteArray(";tag=9")
                << QByteArray("<tel:+1-201-555-0123>;tag=9");
        QTest::newRow("telInAnglesKeepsItsParameters")
                << QByteArray("Desk <tel:7042;phone-context=example.com>") << QByteArray("Desk")
                << QByteArray("tel:7042;phone-context=example.com") << QByteArray()
                << QByteArray("\"Desk\" <tel:7042;phone-context=example.com>");
    }

    void nameAddrParse()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, displayName);
        QFETCH(QByteArray, uri);
        QFETCH(QByteArray, parameters);
        QFETCH(QByteArray, canonical);

        const auto nameAddr = NameAddr::parse(view(text));
        QCOMPARE(describe(nameAddr.error()), QByteArray("ok"));
        QCOMPARE(bytes(nameAddr->displayName), displayName);
        QCOMPARE(bytes(nameAddr->uri.toString()), uri);
        QCOMPARE(parametersText(nameAddr->parameters), parameters);
        QCOMPARE(bytes(nameAddr->toString()), canonical);

        const auto again = NameAddr::parse(nameAddr->toString());
        QVERIFY(again.ok());
        QCOMPARE(bytes(again->displayName), displayName);
        QVERIFY(again->uri == nameAddr->uri);
        QVERIFY(again->parameters == nameAddr->parameters);
    }

    void nameAddrRejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("error");

        const int bad = code(SyntaxError::BadNameAddr);
        QTest::newRow("empty") << QByteArray() << bad;
        QTest::newRow("whitespaceOnly") << QByteArray(" \t ") << bad;
        QTest::newRow("unterminatedQuote") // RFC 4475 §3.1.2.6
                << QByteArray("\"Mr. J. User <sip:j.user@example.com>") << bad;
        QTest::newRow("escapeEndsText") << QByteArray("\"abc\\") << bad;
        QTest::newRow("missingRightAngle") << QByteArray("<sip:a@b.example.com") << bad;
        QTest::newRow("unquotedComma") // RFC 4475 §3.1.2.15
                << QByteArray("Bell, Alexander <sip:a.g.bell@bell-tel.com>") << bad;
        QTest::newRow("spacesInsideAngles") // RFC 4475 §3.1.2.14
                << QByteArray("< sip:a@b.example.com >") << bad;
        QTest::newRow("addrSpecWithHeaders") // RFC 4475 §3.1.2.13
                << QByteArray("sip:user@example.com?Route=%3Csip:sip.example.com%3E") << bad;
        QTest::newRow("addrSpecWithComma") << QByteArray("sip:a,b@example.com") << bad;
        QTest::newRow("garbageAfterAngle") << QByteArray("<sip:a@b.example.com> x") << bad;
        QTest::newRow("trailingSemicolon") << QByteArray("<sip:a@b.example.com>;") << bad;
        QTest::newRow("strayParameterSeparators") // RFC 4475 §3.1.2.1
                << QByteArray("\"Joe\" <sip:joe@example.org>;;;;") << bad;
        QTest::newRow("quotedNameWithoutAngles")
                << QByteArray("\"Alice\" sip:a@b.example.com") << bad;
        QTest::newRow("quoteInTokenName") << QByteArray("Joe \"x\" <sip:a@b.example.com>") << bad;
        QTest::newRow("star") << QByteArray("*") << bad;
        QTest::newRow("badPortInside") << QByteArray("<sip:a@b.example.com:99999>") << bad;
        QTest::newRow("badTelInAngles") << QByteArray("<tel:7042>") << bad; // no phone-context
        QTest::newRow("badOpaqueInAngles") << QByteArray("<urn:a b>") << bad;
        QTest::newRow("opaqueAddrSpecWithQuestionMark") // §20.10: it would need <>
                << QByteArray("http://www.example.com/?q=1") << bad;
    }

    void nameAddrRejects()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, error);
        const auto nameAddr = NameAddr::parse(view(text));
        QCOMPARE(describe(nameAddr.error()), describe(static_cast<SyntaxError>(error)));
    }

    void nameAddrQuotesWhatItMust()
    {
        NameAddr nameAddr;
        nameAddr.displayName = std::string("a\"b\\c\r\nd\te\x01", 11);
        nameAddr.uri.user = "x";
        nameAddr.uri.host = "example.com";
        nameAddr.parameters.set("tag", "1");
        // CR and LF cannot be carried by a quoted-string and become spaces; the rest is escaped.
        const std::string text = nameAddr.toString();
        QCOMPARE(bytes(text),
                 QByteArray("\"a\\\"b\\\\c  d\\\te\\\x01\" <sip:x@example.com>;tag=1"));
        const auto parsed = NameAddr::parse(text);
        QVERIFY(parsed.ok());
        QCOMPARE(bytes(parsed->displayName), QByteArray("a\"b\\c  d\te\x01"));
        QCOMPARE(bytes(parsed->tag().value_or("<none>")), QByteArray("1"));
    }

    void nameAddrTag()
    {
        const auto withTag = NameAddr::parse("<sip:a@b.example.com>;TAG=abc");
        QVERIFY(withTag.ok());
        QCOMPARE(bytes(withTag->tag().value_or("<none>")), QByteArray("abc"));
        const auto withoutTag = NameAddr::parse("<sip:a@b.example.com;tag=uri-param>");
        QVERIFY(withoutTag.ok());
        QVERIFY(!withoutTag->tag()); // a URI parameter, not the header's tag
    }

    // Via

    void viaParse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("transport");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QByteArray>("branch");
        QTest::addColumn<QByteArray>("canonical");

        QTest::newRow("basic") << QByteArray("SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds")
                               << QByteArray("UDP") << QByteArray("pc33.atlanta.com") << -1
                               << QByteArray("z9hG4bK776asdhds")
                               << QByteArray(
                                          "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds");
        QTest::newRow("port")
                << QByteArray("SIP/2.0/TCP client.biloxi.com:5060;branch=z9hG4bK74bf9")
                << QByteArray("TCP") << QByteArray("client.biloxi.com") << 5060
                << QByteArray("z9hG4bK74bf9")
                << QByteArray("SIP/2.0/TCP client.biloxi.com:5060;branch=z9hG4bK74bf9");
        QTest::newRow("lowercaseTransportAndVersion")
                << QByteArray("sip/2.0/tls 192.0.2.1:5061;branch=z9hG4bKx") << QByteArray("TLS")
                << QByteArray("192.0.2.1") << 5061 << QByteArray("z9hG4bKx")
                << QByteArray("SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bKx");
        QTest::newRow("lwsAroundSlashes") // RFC 4475 §3.1.1.1
                << QByteArray("SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   "
                              "z9hG4bK9ikj8")
                << QByteArray("TCP") << QByteArray("spindle.example.com") << -1
                << QByteArray("z9hG4bK9ikj8")
                << QByteArray("SIP/2.0/TCP spindle.example.com;branch=z9hG4bK9ikj8");
        QTest::newRow("lwsAroundPortColon")
                << QByteArray("SIP/2.0/UDP host.example.com : 5062;branch=z9hG4bK1")
                << QByteArray("UDP") << QByteArray("host.example.com") << 5062
                << QByteArray("z9hG4bK1")
                << QByteArray("SIP/2.0/UDP host.example.com:5062;branch=z9hG4bK1");
        QTest::newRow("ipv6")
                << QByteArray("SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKas3-111")
                << QByteArray("UDP") << QByteArray("2001:db8::9:1") << 5060
                << QByteArray("z9hG4bKas3-111")
                << QByteArray("SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKas3-111");
        QTest::newRow("ipv6WithoutPort")
                << QByteArray("SIP/2.0/UDP "
                              "[2001:db8::9:255];branch=z9hG4bKas3;received=2001:db8::9:255")
                << QByteArray("UDP") << QByteArray("2001:db8::9:255") << -1
                << QByteArray("z9hG4bKas3")
                << QByteArray("SIP/2.0/UDP "
                              "[2001:db8::9:255];branch=z9hG4bKas3;received=2001:db8::9:255");
        QTest::newRow("rportFlagAndReceived")
                << QByteArray("SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKab;received=192.0.2.4")
                << QByteArray("UDP") << QByteArray("10.0.0.1") << 5060 << QByteArray("z9hG4bKab")
                << QByteArray(
                           "SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKab;received=192.0.2.4");
        QTest::newRow("rfc2543WithoutBranch")
                << QByteArray("SIP/2.0/UDP 192.0.2.1") << QByteArray("UDP")
                << QByteArray("192.0.2.1") << -1 << QByteArray()
                << QByteArray("SIP/2.0/UDP 192.0.2.1");
        QTest::newRow("unknownTransport") // RFC 4475 §3.1.1.10
                << QByteArray("SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasdf")
                << QByteArray("UNKNOWN") << QByteArray("t4.example.com") << -1
                << QByteArray("z9hG4bKasdf")
                << QByteArray("SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasdf");
    }

    void viaParse()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, transport);
        QFETCH(QByteArray, host);
        QFETCH(int, port);
        QFETCH(QByteArray, branch);
        QFETCH(QByteArray, canonical);

        const auto via = Via::parse(view(text));
        QCOMPARE(describe(via.error()), QByteArray("ok"));
        QCOMPARE(bytes(via->transport), transport);
        QCOMPARE(bytes(via->host), host);
        QCOMPARE(via->port ? int(*via->port) : -1, port);
        QCOMPARE(bytes(via->branch().value_or("")), branch);
        QCOMPARE(bytes(via->toString()), canonical);

        const auto again = Via::parse(via->toString());
        QVERIFY(again.ok());
        QCOMPARE(bytes(again->toString()), canonical);
        QCOMPARE(again->port, via->port);
        QVERIFY(again->parameters == via->parameters);
    }

    void viaRportAndReceived()
    {
        const auto via
                = Via::parse("SIP/2.0/UDP 10.0.0.1;rport;received=192.0.2.4;branch=z9hG4bKx");
        QVERIFY(via.ok());
        QVERIFY(via->parameters.has("rport"));
        QVERIFY(!via->parameters.get("rport"));
        QCOMPARE(bytes(via->parameters.get("received").value_or("")), QByteArray("192.0.2.4"));

        const auto answered = Via::parse("SIP/2.0/UDP 10.0.0.1;rport=5070;branch=z9hG4bKx");
        QVERIFY(answered.ok());
        QCOMPARE(bytes(answered->parameters.get("rport").value_or("")), QByteArray("5070"));
    }

    void viaRejects_data()
    {
        QTest::addColumn<QByteArray>("text");

        QTest::newRow("empty") << QByteArray();
        QTest::newRow("noSentBy") << QByteArray("SIP/2.0/UDP");
        QTest::newRow("noSentByButSpace") << QByteArray("SIP/2.0/UDP   ");
        QTest::newRow("noSpaceBeforeSentBy") << QByteArray("SIP/2.0/UDPhost.example.com");
        QTest::newRow("otherVersion") << QByteArray("SIP/3.0/UDP host.example.com");
        QTest::newRow("otherProtocol") << QByteArray("XIP/2.0/UDP host.example.com");
        QTest::newRow("missingSlash") << QByteArray("SIP/2.0 UDP host.example.com");
        QTest::newRow("missingTransport") << QByteArray("SIP/2.0/ host.example.com");
        QTest::newRow("portZero") << QByteArray("SIP/2.0/UDP host.example.com:0");
        QTest::newRow("portTooLarge") << QByteArray("SIP/2.0/UDP host.example.com:99999");
        QTest::newRow("portEmpty") << QByteArray("SIP/2.0/UDP host.example.com:");
        QTest::newRow("unclosedIpv6") << QByteArray("SIP/2.0/UDP [::1;branch=z9hG4bKx");
        QTest::newRow("spaceInHost") << QByteArray("SIP/2.0/UDP host example.com");
        QTest::newRow("straySeparators") // RFC 4475 §3.1.2.1
                << QByteArray("SIP/2.0/UDP 192.0.2.15;;");
        QTest::newRow("trailingSemicolon") << QByteArray("SIP/2.0/UDP 192.0.2.15;");
        QTest::newRow("branchWithoutValue") << QByteArray("SIP/2.0/UDP 192.0.2.15;branch");
        QTest::newRow("receivedWithoutValue") << QByteArray("SIP/2.0/UDP 192.0.2.15;received");
        QTest::newRow("garbage") << QByteArray("\xff\xfe\x00\x01", 4);
    }

    void viaRejects()
    {
        QFETCH(QByteArray, text);
        const auto via = Via::parse(view(text));
        QCOMPARE(describe(via.error()), describe(SyntaxError::BadVia));
    }

    void viaMagicCookie_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("magicCookie");

        QTest::newRow("rfc3261Branch")
                << QByteArray("SIP/2.0/UDP h.example.com;branch=z9hG4bK74bf9") << true;
        QTest::newRow("cookieOnly")
                << QByteArray("SIP/2.0/UDP h.example.com;branch=z9hG4bK") << true;
        QTest::newRow("rfc2543Branch")
                << QByteArray("SIP/2.0/UDP h.example.com;branch=390skdjuw") << false;
        QTest::newRow("cookieCaseMatters")
                << QByteArray("SIP/2.0/UDP h.example.com;branch=Z9HG4BK74bf9") << false;
        QTest::newRow("noBranch") << QByteArray("SIP/2.0/UDP h.example.com") << false;
    }

    void viaMagicCookie()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, magicCookie);
        const auto via = Via::parse(view(text));
        QVERIFY(via.ok());
        QCOMPARE(via->hasMagicCookie(), magicCookie);
    }

    // CSeq

    void cseqParse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("error");
        QTest::addColumn<qint64>("sequence");
        QTest::addColumn<QByteArray>("method");

        const int bad = code(SyntaxError::BadCSeq);
        QTest::newRow("invite") << QByteArray("4711 INVITE") << 0 << qint64(4711)
                                << QByteArray("INVITE");
        QTest::newRow("leadingZerosAndLws") // RFC 4475 §3.1.1.1
                << QByteArray(" 0009 \t INVITE ") << 0 << qint64(9) << QByteArray("INVITE");
        QTest::newRow("zero") << QByteArray("0 ACK") << 0 << qint64(0) << QByteArray("ACK");
        QTest::newRow("largest32Bit")
                << QByteArray("4294967295 BYE") << 0 << qint64(4294967295) << QByteArray("BYE");
        QTest::newRow("extensionMethodKeepsCase")
                << QByteArray("2 pUbLiSh") << 0 << qint64(2) << QByteArray("pUbLiSh");
        QTest::newRow("tooLargeFor32Bits")
                << QByteArray("4294967296 INVITE") << bad << qint64(0) << QByteArray();
        QTest::newRow("twoToThe65") // RFC 4475 §3.1.2.4
                << QByteArray("36893488147419103232 REGISTER") << bad << qint64(0) << QByteArray();
        QTest::newRow("methodOnly") << QByteArray("INVITE") << bad << qint64(0) << QByteArray();
        QTest::newRow("numberOnly") << QByteArray("1") << bad << qint64(0) << QByteArray();
        QTest::newRow("noSpace") << QByteArray("1INVITE") << bad << qint64(0) << QByteArray();
        QTest::newRow("negative") << QByteArray("-1 INVITE") << bad << qint64(0) << QByteArray();
        QTest::newRow("twoMethods")
                << QByteArray("1 INVITE BYE") << bad << qint64(0) << QByteArray();
        QTest::newRow("methodNotToken")
                << QByteArray("1 <INVITE>") << bad << qint64(0) << QByteArray();
        QTest::newRow("empty") << QByteArray() << bad << qint64(0) << QByteArray();
    }

    void cseqParse()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, error);
        QFETCH(qint64, sequence);
        QFETCH(QByteArray, method);

        const auto cseq = CSeq::parse(view(text));
        if (error != 0) {
            QCOMPARE(describe(cseq.error()), describe(static_cast<SyntaxError>(error)));
            return;
        }
        QCOMPARE(describe(cseq.error()), QByteArray("ok"));
        QCOMPARE(qint64(cseq->sequence), sequence);
        QCOMPARE(bytes(cseq->method), method);
        const auto again = CSeq::parse(cseq->toString());
        QVERIFY(again.ok());
        QVERIFY(*again == *cseq);
    }

    void cseqToString()
    {
        QCOMPARE(bytes(CSeq{.sequence = 314159, .method = "INVITE"}.toString()),
                 QByteArray("314159 INVITE"));
    }
};

QTEST_GUILESS_MAIN(tst_HeaderValues)
#include "tst_headervalues.moc"
