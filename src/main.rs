fn main() {
    println!("gridreport: under construction");
}
