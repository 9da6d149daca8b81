import Foundation

/// The maps' geography (Resources/map.json, made by contrib/mapdata/make_map_data.py): simplified
/// prefecture outlines (japanmap, Apache-2.0) and municipality office positions (JpGeocode, MIT),
/// keyed by 団体コード. Coordinates are thousandths of a degree.
public struct MapData: Sendable {
    /// The attribution every page prints in its footer.
    public var source: String
    public var prefectures: [PrefectureOutline]

    public struct PrefectureOutline: Sendable {
        /// 2-digit prefecture code.
        public var code: String
        /// Closed rings, each lon, lat, lon, lat … in thousandths of a degree.
        public var rings: [[Int]]
    }

    /// Office position (lon, lat in degrees) by 団体コード.
    public let offices: [String: (lon: Double, lat: Double)]

    /// map.json as the script writes it: `{"source": …, "prefectures": [{"code", "rings"}],
    /// "municipalities": [[団体コード, lon×1000, lat×1000]]}`. Read by hand: JSONDecoder took
    /// ~90 M instructions for these 115 KB, a tenth of the dashboard's own time.
    public init(json bytes: [UInt8]) throws {
        var reader = MiniJSON(bytes)
        guard case .object(let root) = try reader.document() else { throw MiniJSON.Failure(at: 0, "not an object") }
        guard case .string(let source)? = root["source"], case .array(let prefs)? = root["prefectures"],
              case .array(let munis)? = root["municipalities"] else { throw MiniJSON.Failure(at: 0, "source, prefectures or municipalities missing") }
        self.source = source
        prefectures = try prefs.map { p in
            guard case .object(let o) = p, case .string(let code)? = o["code"], case .array(let rings)? = o["rings"] else {
                throw MiniJSON.Failure(at: 0, "a prefecture without code or rings")
            }
            return PrefectureOutline(code: code, rings: try rings.map { ring in
                guard case .array(let values) = ring else { throw MiniJSON.Failure(at: 0, "a ring of \(code) is not a list") }
                return try values.map { v in
                    guard case .int(let i) = v else { throw MiniJSON.Failure(at: 0, "a ring of \(code) holds a non-integer") }
                    return i
                }
            })
        }
        var offices = [String: (lon: Double, lat: Double)]()
        offices.reserveCapacity(munis.count)
        for row in munis {
            guard case .array(let r) = row, r.count == 3, case .string(let code) = r[0], case .int(let lon) = r[1], case .int(let lat) = r[2] else { continue }
            offices[code] = (Double(lon) / 1000, Double(lat) / 1000)
        }
        self.offices = offices
    }

    /// Decoded once per process from the embedded resource.
    public static let embedded: MapData = {
        do { return try MapData(json: PackageResources.map_json) }
        catch { fatalError("map.json is part of the build and must decode: \(error)") }
    }()

    public func outline(_ prefCode: String) -> PrefectureOutline? { prefectures.first { $0.code == prefCode } }
}

/// The JSON map.json uses (objects, arrays, strings, integers), read from bytes.
struct MiniJSON {
    enum Value { case string(String), int(Int), array([Value]), object([String: Value]) }

    struct Failure: Error, CustomStringConvertible {
        let offset: Int, reason: String
        init(at offset: Int, _ reason: String) { self.offset = offset; self.reason = reason }
        var description: String { "map.json at byte \(offset): \(reason)" }
    }

    private let b: [UInt8]
    private var i = 0

    init(_ bytes: [UInt8]) { b = bytes }

    mutating func document() throws -> Value {
        let v = try value()
        skipSpace()
        guard i == b.count else { throw Failure(at: i, "text after the value") }
        return v
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ c: UInt8) throws {
        skipSpace()
        guard i < b.count, b[i] == c else { throw Failure(at: i, "expected '\(Character(Unicode.Scalar(c)))'") }
        i += 1
    }

    private mutating func value() throws -> Value {
        skipSpace()
        guard i < b.count else { throw Failure(at: i, "unexpected end") }
        switch b[i] {
        case 0x7B:   // {
            i += 1
            var members: [String: Value] = [:]
            skipSpace()
            if i < b.count, b[i] == 0x7D { i += 1; return .object(members) }
            repeat {
                skipSpace()
                let key = try string()
                try expect(0x3A)
                members[key] = try value()
                skipSpace()
            } while try more(closing: 0x7D)
            return .object(members)
        case 0x5B:   // [
            i += 1
            var items: [Value] = []
            skipSpace()
            if i < b.count, b[i] == 0x5D { i += 1; return .array(items) }
            repeat { items.append(try value()); skipSpace() } while try more(closing: 0x5D)
            return .array(items)
        case 0x22: return .string(try string())
        default: return .int(try int())
        }
    }

    /// After a member: true on a comma, false on the closing bracket.
    private mutating func more(closing: UInt8) throws -> Bool {
        guard i < b.count else { throw Failure(at: i, "unexpected end") }
        if b[i] == 0x2C { i += 1; return true }
        if b[i] == closing { i += 1; return false }
        throw Failure(at: i, "expected ',' or the closing bracket")
    }

    private mutating func int() throws -> Int {
        let negative = b[i] == 0x2D
        if negative { i += 1 }
        let start = i
        var n = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(b[i] - 0x30))
            guard !o1, !o2 else { throw Failure(at: start, "integer too large") }
            n = s; i += 1
        }
        guard i > start else { throw Failure(at: start, "expected a value") }
        if i < b.count, b[i] == 0x2E || b[i] == 0x65 || b[i] == 0x45 { throw Failure(at: i, "expected an integer") }
        return negative ? -n : n
    }

    private mutating func string() throws -> String {
        guard i < b.count, b[i] == 0x22 else { throw Failure(at: i, "expected a string") }
        i += 1
        let start = i
        while i < b.count, b[i] != 0x22 {
            // The script writes no escapes (ensure_ascii=False, no quotes or controls in the data).
            guard b[i] != 0x5C else { throw Failure(at: i, "escapes are not used in map.json") }
            i += 1
        }
        guard i < b.count else { throw Failure(at: start, "unterminated string") }
        defer { i += 1 }
        return String(decoding: b[start..<i], as: UTF8.self)
    }
}

/// Longitude/latitude to SVG user units: an equirectangular projection with the longitude
/// shrunk by cos(latitude at the centre), which keeps Japan's shape at this scale.
struct Projection {
    var minLon: Double, maxLat: Double, scale: Double, kx: Double
    var width: Double, height: Double

    /// Fits the box of `points` (lon, lat) into `width` (height follows), with a margin.
    init(fitting points: [(Double, Double)], width: Double, maxHeight: Double, margin: Double = 8) {
        let lons = points.map(\.0), lats = points.map(\.1)
        var minLon = lons.min() ?? 128, maxLon = lons.max() ?? 146
        var minLat = lats.min() ?? 30, maxLat = lats.max() ?? 46
        if maxLon - minLon < 0.05 { minLon -= 0.05; maxLon += 0.05 }
        if maxLat - minLat < 0.05 { minLat -= 0.05; maxLat += 0.05 }
        let kx = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = (maxLon - minLon) * kx, spanY = maxLat - minLat
        let scale = min((width - 2 * margin) / spanX, (maxHeight - 2 * margin) / spanY)
        self.minLon = minLon - margin / scale / kx
        self.maxLat = maxLat + margin / scale
        self.scale = scale; self.kx = kx
        self.width = (spanX * scale + 2 * margin).rounded(.up)
        self.height = (spanY * scale + 2 * margin).rounded(.up)
    }

    func x(_ lon: Double) -> Double { (lon - minLon) * kx * scale }
    func y(_ lat: Double) -> Double { (maxLat - lat) * scale }

    /// An SVG path of closed rings, in whole user units (sub-unit detail is invisible at this size).
    func path(_ rings: [[Int]], offset: (Double, Double) = (0, 0)) -> String {
        var d = ""
        d.reserveCapacity(rings.reduce(0) { $0 + $1.count * 4 })
        for ring in rings {
            var i = 0
            var lastX = Int.min, lastY = Int.min
            while i + 1 < ring.count {
                let px = Int((x(Double(ring[i]) / 1000 + offset.0) * 10).rounded())
                let py = Int((y(Double(ring[i + 1]) / 1000 + offset.1) * 10).rounded())
                if px != lastX || py != lastY {
                    d += (i == 0 ? "M" : "L") + Format.fixed(Double(px) / 10, digits: 1) + " " + Format.fixed(Double(py) / 10, digits: 1)
                    lastX = px; lastY = py
                }
                i += 2
            }
            d += "Z"
        }
        return d
    }
}
