// Covers HeaderValueParser and the value views: the typed form of every header the stack
// knows, one or more rows per header with what the view holds (Via, From/To/Contact with "*",
// expires and q, Route, Record-Route, Refer-To, Referred-By, P-Asserted-Identity, Call-ID,
// CSeq, RAck, RSeq, Max-Forwards, Content-Length, Expires, Min-Expires, Content-Type, Accept,
// Content-Disposition, Event, Allow-Events, Subscription-State, Reason, Session-Expires,
// Min-SE, Retry-After with a comment, Replaces, Allow, Supported, Require, Proxy-Require,
// Unsupported, WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization,
// Authentication-Info, Date, Warning, User-Agent, Server), list splitting at commas outside
// quotes and <>, empty lists where the grammar allows them, the error each malformed value
// gets, the limits (parameters per value, comment nesting), unknown headers left untyped, and
// header names (case, compact forms, canonical names). Via and name-addr lists are read in one
// pass, each reader stopping at its value's comma, and element by element when one is malformed.
#include "sipcore/syntax/headervalueparser.h"
#include "sipcore/syntax/syntaxerror.h"

#include "support/qtconvert.h"

#include <QTest>

using namespace sipcore;
using namespace sipcore::test;

namespace {

std::string text(std::string_view view)
{
    return std::string(view);
}

std::string parametersText(const ParametersView &parameters)
{
    std::string out;
    for (const auto parameter : parameters) {
        out += ';';
        out += parameter.name;
        if (parameter.value) {
            out += '=';
            out += *parameter.value;
        }
    }
    return out;
}

/// A canonical rendering of one typed value, to compare with the rows.
std::string render(const HeaderValue &value)
{
    if (value.error)
        return "error: " + value.error.message();
    return std::visit(
            [](const auto &typed) -> std::string {
                using T = std::decay_t<decltype(typed)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    return "untyped";
                } else if constexpr (std::is_same_v<T, std::string_view>) {
                    return "text " + text(typed);
                } else if constexpr (std::is_same_v<T, std::uint32_t>) {
                    return "number " + std::to_string(typed);
                } else if constexpr (std::is_same_v<T, ViaView>) {
                    return "via " + text(typed.transport) + ' ' + text(typed.sentBy.host) + ' '
                           + (typed.sentBy.port ? std::to_string(*typed.sentBy.port) : "-")
                           + parametersText(typed.parameters);
                } else if constexpr (std::is_same_v<T, NameAddrView>) {
                    return "name-addr [" + text(typed.displayName) + "] " + text(typed.uri.text)
                           + parametersText(typed.parameters);
                } else if constexpr (std::is_same_v<T, CSeqView>) {
                    return "cseq " + std::to_string(typed.sequence) + ' ' + text(typed.method);
                } else if constexpr (std::is_same_v<T, RAckView>) {
                    return "rack " + std::to_string(typed.responseNumber) + ' '
                           + std::to_string(typed.sequence) + ' ' + text(typed.method);
                } else if constexpr (std::is_same_v<T, ParameterizedValueView>) {
                    return "value " + text(typed.value) + " s=" + std::to_string(typed.seconds)
                           + " (" + text(typed.comment) + ')' + parametersText(typed.parameters);
                } else if constexpr (std::is_same_v<T, ChallengeView>) {
                    std::string out = "auth " + text(typed.scheme);
                    for (const auto parameter : typed.parameters)
                        out += ' ' + text(parameter.name) + '=' + text(*parameter.value);
                    return out;
                } else if constexpr (std::is_same_v<T, WarningView>) {
                    return "warning " + std::to_string(typed.code) + ' ' + text(typed.agent) + " ["
                           + text(typed.text) + ']';
                } else {
                    static_assert(std::is_same_v<T, SipDate>);
                    return "date " + std::to_string(typed.toUnixTime());
                }
            },
            value.typed);
}

/// Every value of one field of \a name, rendered and joined with " | ".
QByteArray parsed(const QByteArray &name, const QByteArray &value, std::error_code *first = nullptr)
{
    std::vector<HeaderValue> values;
    const std::error_code error
            = HeaderValueParser::parse(headerIdOf(view(name)), view(value), values);
    if (first)
        *first = error;
    std::string out;
    for (const HeaderValue &v : values) {
        if (!out.empty())
            out += " | ";
        out += render(v);
    }
    return QByteArray::fromStdString(out);
}

} // namespace

class tst_HeaderValueParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typedValues_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("expected");
        auto row = [](const char *tag, const char *name, const char *value, const char *expected) {
            QTest::newRow(tag) << QByteArray(name) << QByteArray(value) << QByteArray(expected);
        };
        row("via", "Via", "SIP/2.0/UDP pc33.atlanta.com:5061;branch=z9hG4bK776;rport",
            "via UDP pc33.atlanta.com 5061;branch=z9hG4bK776;rport");
        row("via list", "v", "SIP/2.0/TCP a.example.com, SIP / 2.0 / udp [2001:db8::9] : 5070",
            "via TCP a.example.com - | via udp 2001:db8::9 5070");
        row("from", "From", "\"Alice \\\"A\\\"\" <sip:alice@atlanta.com>;tag=1928",
            "name-addr [Alice \\\"A\\\"] sip:alice@atlanta.com;tag=1928");
        row("to addr-spec", "t", "sip:bob@biloxi.com ;tag=a6c85cf",
            "name-addr [] sip:bob@biloxi.com;tag=a6c85cf");
        row("contact list", "Contact", "<sip:a@h1>;q=0.7;expires=3600, \"B, b\" <sip:b@h2>;q=1",
            "name-addr [] sip:a@h1;q=0.7;expires=3600 | name-addr [B, b] sip:b@h2;q=1");
        row("via list with parameters", "Via",
            "SIP/2.0/UDP a.example.com;branch=z9hG4bK1;received=192.0.2.3 , SIP/2.0/TCP "
            "b.example.com:5070 ;branch=z9hG4bK2;x=\"q, r\",SIP/2.0/UDP [::1]",
            "via UDP a.example.com -;branch=z9hG4bK1;received=192.0.2.3 | via TCP b.example.com "
            "5070;branch=z9hG4bK2;x=\"q, r\" | via UDP ::1 -");
        row("contact list with an addr-spec", "Contact", "<sip:a@h1>;q=0.5, sip:b@h2;expires=60",
            "name-addr [] sip:a@h1;q=0.5 | name-addr [] sip:b@h2;expires=60");
        row("contact list with token display names", "Contact",
            "Alice Liddell <sip:a@h1> ; q = 0.5 ,Bob<sip:b@h2>",
            "name-addr [Alice Liddell] sip:a@h1;q=0.5 | name-addr [Bob] sip:b@h2");
        row("contact star", "m", "*", "text *");
        row("route with comma in a display name", "Route",
            "<sip:p1.example.com;lr>,\"Proxy, two\" <sip:p2;lr>",
            "name-addr [] sip:p1.example.com;lr | name-addr [Proxy, two] sip:p2;lr");
        row("record-route", "Record-Route", "<sip:p1;lr>", "name-addr [] sip:p1;lr");
        row("refer-to", "r", "<sip:carol@chicago.com?Replaces=abc%40h>",
            "name-addr [] sip:carol@chicago.com?Replaces=abc%40h");
        row("referred-by", "b", "<sip:alice@atlanta.com>", "name-addr [] sip:alice@atlanta.com");
        row("p-asserted-identity", "P-Asserted-Identity",
            "\"Cullen\" <sip:fluffy@cisco.com>, <tel:+14085264000>",
            "name-addr [Cullen] sip:fluffy@cisco.com | name-addr [] tel:+14085264000");
        row("call-id", "i", "f81d4fae-7dec-11d0@foo.bar.com",
            "text f81d4fae-7dec-11d0@foo.bar.com");
        row("cseq", "CSeq", "4711   INVITE", "cseq 4711 INVITE");
        row("rack", "RAck", "776656 1 INVITE", "rack 776656 1 INVITE");
        row("rseq", "RSeq", "988789", "number 988789");
        row("max-forwards", "Max-Forwards", "70", "number 70");
        row("content-length", "l", "349", "number 349");
        row("expires", "Expires", "3600", "number 3600");
        row("min-expires", "Min-Expires", "60", "number 60");
        row("content-type", "c", "application/sdp", "value application/sdp s=0 ()");
        row("content-type multipart", "Content-Type",
            "multipart/mixed;boundary=\"unique-boundary-1\"",
            "value multipart/mixed s=0 ();boundary=\"unique-boundary-1\"");
        row("accept", "Accept", "application/sdp;level=1, application/*, */*",
            "value application/sdp s=0 ();level=1 | value application/* s=0 () | value */* s=0 ()");
        row("accept empty", "Accept", "", "");
        row("content-disposition", "Content-Disposition", "session;handling=optional",
            "value session s=0 ();handling=optional");
        row("event", "o", "presence;id=1", "value presence s=0 ();id=1");
        row("allow-events", "u", "presence, dialog, message-summary",
            "text presence | text dialog | text message-summary");
        row("subscription-state", "Subscription-State", "active;expires=60",
            "value active s=0 ();expires=60");
        row("reason", "Reason", "SIP ;cause=200 ;text=\"Call completed elsewhere\", Q.850;cause=16",
            "value SIP s=0 ();cause=200;text=\"Call completed elsewhere\" | value Q.850 s=0 "
            "();cause=16");
        row("session-expires", "x", "1800;refresher=uac", "value 1800 s=1800 ();refresher=uac");
        row("min-se", "Min-SE", "90", "value 90 s=90 ()");
        row("retry-after", "Retry-After", "18000 (in a (long) meeting) ;duration=3600",
            "value 18000 s=18000 (in a (long) meeting);duration=3600");
        row("replaces", "Replaces", "98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff",
            "value 98732@sip.example.com s=0 ();from-tag=r33th4x0r;to-tag=ff87ff");
        row("allow", "Allow", "INVITE, ACK, OPTIONS, CANCEL, BYE",
            "text INVITE | text ACK | text OPTIONS | text CANCEL | text BYE");
        row("allow with whitespace around commas", "Allow", "INVITE ,ACK,\tBYE ,  CANCEL",
            "text INVITE | text ACK | text BYE | text CANCEL");
        row("supported empty", "k", "", "");
        row("supported", "Supported", "100rel, timer", "text 100rel | text timer");
        row("require", "Require", "100rel", "text 100rel");
        row("proxy-require", "Proxy-Require", "foo", "text foo");
        row("unsupported", "Unsupported", "foo, bar", "text foo | text bar");
        row("www-authenticate", "WWW-Authenticate",
            "Digest realm=\"atlanta.com\", nonce=\"84a4cc6f3082121f32b42a2187831a9e\", "
            "qop=\"auth,auth-int\", algorithm=MD5",
            "auth Digest realm=\"atlanta.com\" nonce=\"84a4cc6f3082121f32b42a2187831a9e\" "
            "qop=\"auth,auth-int\" algorithm=MD5");
        row("proxy-authenticate", "Proxy-Authenticate", "Digest realm=\"x\", nonce=\"y\"",
            "auth Digest realm=\"x\" nonce=\"y\"");
        row("authorization", "Authorization",
            "Digest username=\"bob\", realm=\"b.com\", nonce=\"n\", uri=\"sip:b.com\", "
            "response=\"42ce3cef44b22f50c6a6071bc8\", nc=00000001, cnonce=\"0a4f\", qop=auth",
            "auth Digest username=\"bob\" realm=\"b.com\" nonce=\"n\" uri=\"sip:b.com\" "
            "response=\"42ce3cef44b22f50c6a6071bc8\" nc=00000001 cnonce=\"0a4f\" qop=auth");
        row("proxy-authorization", "Proxy-Authorization", "Digest username=\"a\", nonce=\"n\"",
            "auth Digest username=\"a\" nonce=\"n\"");
        row("authentication-info", "Authentication-Info", "nextnonce=\"47364c23432d2e131a5fb210\"",
            "auth  nextnonce=\"47364c23432d2e131a5fb210\"");
        row("date", "Date", "Sat, 13 Nov 2010 23:29:00 GMT", "date 1289690940");
        row("date leap day", "Date", "Thu, 29 Feb 2024 00:00:00 GMT", "date 1709164800");
        row("warning", "Warning",
            "307 isi.edu \"Session parameter 'foo' not understood\", 301 [::1]:5060 \"a, b\"",
            "warning 307 isi.edu [Session parameter 'foo' not understood] | warning 301 "
            "[::1]:5060 [a, b]");
        row("user-agent", "User-Agent", "Ringback/0.1 (Linux; x86_64) libsip/2",
            "text Ringback/0.1 (Linux; x86_64) libsip/2");
        row("server", "Server", "HomeServer2", "text HomeServer2");
        row("subject is free text", "Subject", "Need more boxes, please", "");
        row("unknown header untyped", "X-Custom", "a, b", "");
    }

    void typedValues()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, expected);
        std::error_code error;
        QCOMPARE(parsed(name, value, &error), expected);
        QCOMPARE(describe(error), QByteArray("ok"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("error");
        auto row = [](const char *tag, const char *name, const char *value, SyntaxError error) {
            QTest::newRow(tag) << QByteArray(name) << QByteArray(value) << int(error);
        };
        row("via without transport", "Via", "SIP/2.0 host", SyntaxError::BadVia);
        row("via empty element", "Via", "SIP/2.0/UDP a,,SIP/2.0/UDP b", SyntaxError::BadVia);
        row("via branch without value", "Via", "SIP/2.0/UDP a;branch", SyntaxError::BadVia);
        row("from without closing >", "From", "<sip:a@b", SyntaxError::BadNameAddr);
        row("from with a second value", "From", "<sip:a@b>;tag=1, <sip:c@d>",
            SyntaxError::BadNameAddr);
        row("contact star with others", "Contact", "*, <sip:a@b>", SyntaxError::BadNameAddr);
        row("call-id with space", "Call-ID", "a b", SyntaxError::BadHeaderValue);
        row("call-id empty", "Call-ID", "", SyntaxError::BadHeaderValue);
        row("cseq without method", "CSeq", "1", SyntaxError::BadCSeq);
        row("cseq over 32 bits", "CSeq", "4294967296 INVITE", SyntaxError::BadCSeq);
        row("rack missing method", "RAck", "1 2", SyntaxError::BadHeaderValue);
        row("max-forwards negative", "Max-Forwards", "-1", SyntaxError::BadNumber);
        row("expires not a number", "Expires", "0 0l@company.com", SyntaxError::BadNumber);
        row("content-type without subtype", "Content-Type", "application",
            SyntaxError::BadHeaderValue);
        row("content-type wildcard", "Content-Type", "*/*", SyntaxError::BadHeaderValue);
        row("event with space in token", "Event", "pres ence", SyntaxError::BadHeaderValue);
        row("session-expires not delta", "Session-Expires", "soon", SyntaxError::BadHeaderValue);
        row("retry-after unclosed comment", "Retry-After", "120 (later",
            SyntaxError::BadHeaderValue);
        row("allow bad token", "Allow", "INVITE, AC K", SyntaxError::BadHeaderValue);
        row("challenge without params", "WWW-Authenticate", "Digest", SyntaxError::BadHeaderValue);
        row("auth-param without value", "Authorization", "Digest username",
            SyntaxError::BadHeaderValue);
        row("date wrong zone", "Date", "Sat, 13 Nov 2010 23:29:00 PST",
            SyntaxError::BadHeaderValue);
        row("date 30 February", "Date", "Mon, 30 Feb 2026 10:00:00 GMT",
            SyntaxError::BadHeaderValue);
        row("warning unquoted text", "Warning", "307 isi.edu text", SyntaxError::BadHeaderValue);
        // quoted-pair escapes %x00-09 / %x0B-0C / %x0E-7F only, in every quoted-string.
        row("quoted-pair of a non-ASCII octet", "Event", "presence;x=\"a\\\xc3\xa9\"",
            SyntaxError::BadHeaderValue);
        row("quoted-pair of a non-ASCII octet in warn-text", "Warning",
            "307 isi.edu \"a\\\xc3\xa9\"", SyntaxError::BadHeaderValue);
        row("user-agent unbalanced", "User-Agent", "Foo (bar", SyntaxError::BadHeaderValue);
        row("replaces bad call-id", "Replaces", "a b;to-tag=1", SyntaxError::BadHeaderValue);
        row("nesting too deep", "Server", "x ((((((((((deep))))))))))",
            SyntaxError::NestingTooDeep);
        const std::string many = "SIP/2.0/UDP h" + [] {
            std::string params;
            for (int i = 0; i <= int(ParametersView::MaxParameters); ++i)
                params += ";p" + std::to_string(i);
            return params;
        }();
        QTest::newRow("too many parameters") << QByteArray("Via") << QByteArray::fromStdString(many)
                                             << int(SyntaxError::TooManyParameters);
    }

    void malformed()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(int, error);
        std::error_code first;
        parsed(name, value, &first);
        QCOMPARE(describe(first), describe(make_error_code(static_cast<SyntaxError>(error))));
    }

    // A token list that is not well formed is read element by element: the well-formed ones
    // keep their values once each, the others carry their error.
    void malformedTokenListKeepsItsOtherElements()
    {
        std::error_code first;
        QCOMPARE(parsed("Supported", "100rel, , timer, ti mer", &first),
                 QByteArray("text 100rel | error: ") + describe(SyntaxError::BadHeaderValue)
                         + " | text timer | error: " + describe(SyntaxError::BadHeaderValue));
        QCOMPARE(describe(first), describe(SyntaxError::BadHeaderValue));
    }

    // So are Via and name-addr lists, which are otherwise read in one pass without splitting.
    void malformedListKeepsItsOtherElements_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray badVia = "error: " + describe(SyntaxError::BadVia);
        const QByteArray badNameAddr = "error: " + describe(SyntaxError::BadNameAddr);
        QTest::newRow("via with junk after its host")
                << QByteArray("Via")
                << QByteArray("SIP/2.0/UDP a;branch=1, SIP/2.0/UDP b c, SIP/2.0/UDP d")
                << "via UDP a -;branch=1 | " + badVia + " | via UDP d -";
        QTest::newRow("via list with a trailing comma")
                << QByteArray("Via") << QByteArray("SIP/2.0/UDP a ,") << "via UDP a - | " + badVia;
        QTest::newRow("via parameters ending in a semicolon")
                << QByteArray("Via") << QByteArray("SIP/2.0/UDP a;, SIP/2.0/UDP b")
                << badVia + " | via UDP b -";
        QTest::newRow("route with an empty parameter")
                << QByteArray("Route") << QByteArray("<sip:a>, <sip:b>;;lr, <sip:c>")
                << "name-addr [] sip:a | " + badNameAddr + " | name-addr [] sip:c";
        QTest::newRow("route with a leading comma")
                << QByteArray("Route") << QByteArray(", <sip:a>")
                << badNameAddr + " | name-addr [] sip:a";
        QTest::newRow("record-route with junk after >")
                << QByteArray("Record-Route") << QByteArray("<sip:a>x, <sip:b>")
                << badNameAddr + " | name-addr [] sip:b";
    }

    void malformedListKeepsItsOtherElements()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, expected);
        std::error_code first;
        QCOMPARE(parsed(name, value, &first), expected);
        QVERIFY(first);
    }

    // The single-value readers are the list readers plus a check that the value took the whole
    // text: what a list reader would stop at is malformed there.
    void singleValueReadersTakeTheWholeText()
    {
        QVERIFY(ViaView::parse(" SIP/2.0/UDP a.example.com:5060 ;branch=z9hG4bK1 "));
        QCOMPARE(describe(ViaView::parse("SIP/2.0/UDP a, SIP/2.0/UDP b").error()),
                 describe(SyntaxError::BadVia));
        QCOMPARE(describe(ViaView::parse("SIP/2.0/UDP a;branch=z9hG4bK1 ,").error()),
                 describe(SyntaxError::BadVia));
        QVERIFY(NameAddrView::parse("\"A, B\" <sip:a@b>;tag=1"));
        QCOMPARE(describe(NameAddrView::parse("<sip:a@b>, <sip:c@d>").error()),
                 describe(SyntaxError::BadNameAddr));
        QCOMPARE(describe(NameAddrView::parse("Bob <sip:a@b>;tag=1,").error()),
                 describe(SyntaxError::BadNameAddr));
    }

    void contactParameters()
    {
        std::vector<HeaderValue> values;
        QVERIFY(!HeaderValueParser::parse(HeaderId::Contact,
                                          "<sip:a@h>;expires=60;q=0.25, <sip:b@h>;q=1.0, "
                                          "<sip:c@h>;q=1.5;expires=x",
                                          values));
        QCOMPARE(values.size(), std::size_t(3));
        QCOMPARE(values[0].as<NameAddrView>()->expires(), std::optional<std::uint32_t>(60));
        QCOMPARE(values[0].as<NameAddrView>()->q(), std::optional<std::uint16_t>(250));
        QCOMPARE(values[1].as<NameAddrView>()->q(), std::optional<std::uint16_t>(1000));
        QCOMPARE(values[1].as<NameAddrView>()->expires(), std::nullopt);
        QCOMPARE(values[2].as<NameAddrView>()->q(), std::nullopt); // not a qvalue
        QCOMPARE(values[2].as<NameAddrView>()->expires(), std::nullopt);
    }

    void mediaTypeParts()
    {
        const auto type = ParameterizedValueView::parse("Application / SDP ;charset=utf-8",
                                                        ParameterizedValueView::Kind::MediaType);
        QVERIFY(type.ok());
        QCOMPARE(bytes(type->type()), QByteArray("Application"));
        QCOMPARE(bytes(type->subtype()), QByteArray("SDP"));
        QCOMPARE(bytes(type->parameters.get("CHARSET").value_or("")), QByteArray("utf-8"));
    }

    void headerNames_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("canonical");
        auto row = [](const char *name, const char *canonical) {
            QTest::newRow(name) << QByteArray(name) << QByteArray(canonical);
        };
        row("via", "Via");
        row("v", "Via");
        row("CALL-ID", "Call-ID");
        row("i", "Call-ID");
        row("www-authenticate", "WWW-Authenticate");
        row("P-ASSERTED-IDENTITY", "P-Asserted-Identity");
        row("k", "Supported");
        row("x", "Session-Expires");
        row("o", "Event");
        row("u", "Allow-Events");
        row("b", "Referred-By");
        row("r", "Refer-To");
        row("min-se", "Min-SE");
        row("X-Unknown", "");
        row("q", ""); // no compact form
        row("Viaa", "");
    }

    void headerNames()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, canonical);
        QCOMPARE(bytes(headerName(headerIdOf(view(name)))), canonical);
    }

    void everyIdHasItsName()
    {
        for (int id = 1; id < int(HeaderId::Count); ++id) {
            const std::string_view name = headerName(static_cast<HeaderId>(id));
            QVERIFY(!name.empty());
            QCOMPARE(int(headerIdOf(name)), id);
        }
    }
};

QTEST_APPLESS_MAIN(tst_HeaderValueParser)
#include "tst_headervalueparser.moc"
