package org.meterkast.server.price;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.meterkast.energy.price.DayAheadPrice;

/**
 * Reads an ENTSO-E Transparency Platform "Energy Prices [12.1.D]" document (documentType A44) into the day-ahead
 * prices of one bidding zone, in each resolution it holds (PT15M, PT60M).
 * <ul>
 *   <li>A point's start is its period's start plus (position − 1) × the resolution.</li>
 *   <li>With curve type A03 a position is left out when its price repeats the one before: the price holds until
 *       the next point, or to the period's end.</li>
 *   <li>Only series whose in_Domain is the zone and whose contract type is A01 (day-ahead) count: A07 (intraday)
 *       series and other zones are skipped.</li>
 *   <li>An Acknowledgement_MarketDocument (reason 999 "No matching data found") is no prices and its reason.</li>
 * </ul>
 * Anything else that does not fit the format is a {@link PriceFormatException} naming the line and the problem.
 */
class EntsoeA44Reader {
    /** The Belgian bidding zone's EIC code. */
    static final String BELGIUM = "10YBE----------2";

    private static final XMLInputFactory FACTORY = secureFactory();

    private final String zone;

    EntsoeA44Reader(String zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // a price document has no DTD; refusing them keeps entity expansion and external files out
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    /** One Period of a TimeSeries, as read. */
    private static final class Period {
        String start;
        String end;
        String resolution;
        final TreeMap<Integer, BigDecimal> points = new TreeMap<>();
        int line;
    }

    /** One TimeSeries, as read. */
    private static final class Series {
        String inDomain;
        String contractType;
        String currency;
        String unit;
        String curveType;
        int line;
        final List<Period> periods = new ArrayList<>();
    }

    PricePublication read(InputStream in) {
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(in);
            try {
                return read(xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new PriceFormatException("ENTSO-E document: not well-formed XML"
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNumber() : "") + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    private PricePublication read(XMLStreamReader xml) throws XMLStreamException {
        while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
            // the prolog and comments before the root
        }
        if (!xml.isStartElement()) {
            throw new PriceFormatException("ENTSO-E document: it holds no element");
        }
        String root = xml.getLocalName();
        return switch (root) {
            case "Publication_MarketDocument" -> PricePublication.of(PricePublication.ENTSOE_A44, publication(xml));
            case "Acknowledgement_MarketDocument" -> acknowledgement(xml);
            default -> throw new PriceFormatException("ENTSO-E document: the root element is <" + root
                    + ">, expected <Publication_MarketDocument> (prices) or <Acknowledgement_MarketDocument> (none)");
        };
    }

    private static PricePublication acknowledgement(XMLStreamReader xml) throws XMLStreamException {
        Deque<String> path = new ArrayDeque<>();
        String code = null;
        String text = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("Reason".equals(path.peek()) && name.equals("code")) {
                    code = xml.getElementText().strip();
                } else if ("Reason".equals(path.peek()) && name.equals("text")) {
                    text = xml.getElementText().strip();
                } else {
                    path.push(name);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && !path.isEmpty()) {
                path.pop();
            }
        }
        String reason = (code == null ? "no reason code" : "reason " + code) + (text == null ? "" : ": " + text);
        return PricePublication.noData(PricePublication.ENTSOE_A44, reason);
    }

    private List<DayAheadPrice> publication(XMLStreamReader xml) throws XMLStreamException {
        List<DayAheadPrice> prices = new ArrayList<>();
        String documentType = null;
        Deque<String> path = new ArrayDeque<>();
        Series series = null;
        Period period = null;
        Integer position = null;
        BigDecimal amount = null;
        int pointLine = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                String parent = path.peek();
                int line = xml.getLocation().getLineNumber();
                if (parent == null && name.equals("type")) {
                    documentType = xml.getElementText().strip();
                    continue;
                }
                if (parent == null && name.equals("TimeSeries")) {
                    series = new Series();
                    series.line = line;
                } else if ("TimeSeries".equals(parent) && series != null) {
                    String text = switch (name) {
                        case "in_Domain.mRID", "contract_MarketAgreement.type", "currency_Unit.name",
                             "price_Measure_Unit.name", "curveType" -> xml.getElementText().strip();
                        default -> null;
                    };
                    if (text != null) {
                        switch (name) {
                            case "in_Domain.mRID" -> series.inDomain = text;
                            case "contract_MarketAgreement.type" -> series.contractType = text;
                            case "currency_Unit.name" -> series.currency = text;
                            case "price_Measure_Unit.name" -> series.unit = text;
                            default -> series.curveType = text;
                        }
                        continue;
                    }
                    if (name.equals("Period")) {
                        period = new Period();
                        period.line = line;
                        series.periods.add(period);
                    }
                } else if ("Period".equals(parent) && period != null && name.equals("resolution")) {
                    period.resolution = xml.getElementText().strip();
                    continue;
                } else if ("timeInterval".equals(parent) && period != null
                        && (name.equals("start") || name.equals("end"))) {
                    String text = xml.getElementText().strip();
                    if (name.equals("start")) {
                        period.start = text;
                    } else {
                        period.end = text;
                    }
                    continue;
                } else if ("Period".equals(parent) && name.equals("Point")) {
                    position = null;
                    amount = null;
                    pointLine = line;
                } else if ("Point".equals(parent) && name.equals("position")) {
                    position = position(xml.getElementText().strip(), line);
                    continue;
                } else if ("Point".equals(parent) && name.equals("price.amount")) {
                    amount = amount(xml.getElementText().strip(), line);
                    continue;
                }
                path.push(name);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = path.isEmpty() ? xml.getLocalName() : path.pop();
                if (name.equals("Point") && period != null) {
                    if (position == null || amount == null) {
                        throw new PriceFormatException("ENTSO-E document, line " + pointLine
                                + ": a <Point> needs a <position> and a <price.amount>");
                    }
                    if (period.points.put(position, amount) != null) {
                        throw new PriceFormatException("ENTSO-E document, line " + pointLine + ": position "
                                + position + " appears twice in the same period");
                    }
                } else if (name.equals("TimeSeries") && series != null) {
                    prices.addAll(prices(series));
                    series = null;
                    period = null;
                }
            }
        }
        if (documentType != null && !documentType.equals("A44")) {
            throw new PriceFormatException("ENTSO-E document: its type is " + documentType
                    + ", expected A44 (day-ahead prices)");
        }
        return prices;
    }

    private List<DayAheadPrice> prices(Series s) {
        if (!zone.equals(s.inDomain)) {
            return List.of();       // another bidding zone, asked for or not
        }
        if (s.contractType != null && !s.contractType.equals("A01")) {
            return List.of();       // A07 intraday and the like: not the day-ahead index
        }
        String where = "ENTSO-E document, TimeSeries at line " + s.line;
        if (s.currency != null && !s.currency.equals("EUR")) {
            throw new PriceFormatException(where + ": prices in " + s.currency + ", expected EUR");
        }
        if (s.unit != null && !s.unit.equals("MWH")) {
            throw new PriceFormatException(where + ": prices per " + s.unit + ", expected per MWH");
        }
        boolean repeatsLeftOut = "A03".equals(s.curveType);
        if (s.curveType != null && !repeatsLeftOut && !s.curveType.equals("A01")) {
            throw new PriceFormatException(where + ": curve type " + s.curveType + ", expected A01 or A03");
        }
        List<DayAheadPrice> out = new ArrayList<>();
        for (Period p : s.periods) {
            out.addAll(prices(p, repeatsLeftOut));
        }
        return out;
    }

    private static List<DayAheadPrice> prices(Period p, boolean repeatsLeftOut) {
        String where = "ENTSO-E document, Period at line " + p.line;
        if (p.start == null || p.end == null || p.resolution == null) {
            throw new PriceFormatException(where + ": a period needs a timeInterval start and end and a resolution");
        }
        Duration resolution = switch (p.resolution) {
            case "PT15M" -> DayAheadPrice.QUARTER;
            case "PT60M", "PT1H" -> DayAheadPrice.HOUR;
            default -> throw new PriceFormatException(where + ": resolution " + p.resolution
                    + " is not one Meterkast reads, expected PT15M or PT60M");
        };
        Instant start = instant(p.start, where);
        Instant end = instant(p.end, where);
        long length = Duration.between(start, end).toSeconds();
        if (length <= 0 || length % resolution.toSeconds() != 0) {
            throw new PriceFormatException(where + ": the interval " + p.start + "/" + p.end
                    + " is not a whole number of " + p.resolution);
        }
        int positions = (int) (length / resolution.toSeconds());
        if (p.points.isEmpty()) {
            return List.of();
        }
        if (p.points.lastKey() > positions) {
            throw new PriceFormatException(where + ": position " + p.points.lastKey() + " is past the "
                    + positions + " positions of " + p.start + "/" + p.end + " at " + p.resolution);
        }
        List<DayAheadPrice> out = new ArrayList<>(positions);
        var points = new ArrayList<>(p.points.entrySet());
        for (int i = 0; i < points.size(); i++) {
            int position = points.get(i).getKey();
            BigDecimal price = points.get(i).getValue();
            // A03: the price holds over the positions left out, up to the next point or the period's end
            int until = !repeatsLeftOut ? position : i + 1 < points.size() ? points.get(i + 1).getKey() - 1 : positions;
            for (int k = position; k <= until; k++) {
                out.add(new DayAheadPrice(start.plus(resolution.multipliedBy(k - 1L)), resolution, price));
            }
        }
        return out;
    }

    private static Instant instant(String text, String where) {
        try {
            // ENTSO-E writes minutes without seconds (2026-02-16T23:00Z), which Instant.parse refuses
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new PriceFormatException(where + ": '" + text + "' is not a UTC time such as 2026-02-16T23:00Z");
        }
    }

    private static int position(String text, int line) {
        try {
            int position = Integer.parseInt(text);
            if (position >= 1) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new PriceFormatException("ENTSO-E document, line " + line + ": position '" + text
                + "' is not a whole number from 1");
    }

    private static BigDecimal amount(String text, int line) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new PriceFormatException("ENTSO-E document, line " + line + ": price.amount '" + text
                    + "' is not a number such as -12.34");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        int nl = m.lastIndexOf('\n');
        return nl < 0 ? m : m.substring(nl + 1).strip();
    }
}
