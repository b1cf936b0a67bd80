from letters_app.cli import main

main()
