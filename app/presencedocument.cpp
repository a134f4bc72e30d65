#include "presencedocument.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace {

const QString PidfNamespace = QStringLiteral("urn:ietf:params:xml:ns:pidf");

} // namespace

QString PresenceDocument::build(const QString &entity, bool open, const QString &note)
{
    QString xml;
    QXmlStreamWriter writer(&xml);
    writer.writeStartDocument();
    writer.writeDefaultNamespace(PidfNamespace);
    writer.writeStartElement(PidfNamespace, QStringLiteral("presence"));
    writer.writeAttribute(QStringLiteral("entity"), entity);
    writer.writeStartElement(PidfNamespace, QStringLiteral("tuple"));
    writer.writeAttribute(QStringLiteral("id"), QStringLiteral("ringback"));
    writer.writeStartElement(PidfNamespace, QStringLiteral("status"));
    writer.writeTextElement(PidfNamespace, QStringLiteral("basic"),
                            open ? QStringLiteral("open") : QStringLiteral("closed"));
    writer.writeEndElement(); // status
    if (!note.isEmpty())
        writer.writeTextElement(PidfNamespace, QStringLiteral("note"), note);
    writer.writeEndElement(); // tuple
    writer.writeEndElement(); // presence
    writer.writeEndDocument();
    return xml;
}

std::optional<PresenceDocument> PresenceDocument::parse(const QString &xml)
{
    QXmlStreamReader reader(xml);
    PresenceDocument document;
    bool root = false;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement)
            continue;
        const bool pidf = reader.namespaceUri() == PidfNamespace;
        if (!root) {
            if (!pidf || reader.name() != QLatin1String("presence"))
                return std::nullopt;
            root = true;
        } else if (pidf && reader.name() == QLatin1String("basic") && document.basic.isEmpty()) {
            document.basic = reader.readElementText().trimmed();
        } else if (pidf && reader.name() == QLatin1String("note") && document.note.isEmpty()) {
            document.note = reader.readElementText().trimmed();
        }
    }
    if (reader.hasError() || !root)
        return std::nullopt;
    return document;
}
